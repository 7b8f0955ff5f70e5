// Extraction: a model turns free text into JSON, and a Structured output checks it against a schema.
import { edge, node, type BotTemplate } from "./template";

const contactSchema = {
  type: "object",
  properties: {
    name: { type: ["string", "null"], description: "The sender's name" },
    email: { type: ["string", "null"], description: "An email address, if given" },
    topic: { type: "string", enum: ["order", "billing", "technical", "other"] },
    urgent: { type: "boolean" },
    summary: { type: "string", description: "The request in one sentence" },
  },
  required: ["name", "email", "topic", "urgent", "summary"],
  additionalProperties: false,
};

export const structuredExtraction: BotTemplate = {
  id: "structured-extraction",
  name: "Structured extraction",
  description: "Turns a free-text message into JSON that must match a schema (here: a contact request).",
  roles: [{ role: "model", label: "Model", hint: "reads the message and writes the JSON" }],
  needsStore: false,
  build: ({ model }) => ({
    nodes: [
      node("input", "chat-input", [0, 0]),
      node("prompt", "prompt-template", [1, 0], {
        template:
          "Extract the contact request from the message below as a JSON object with the fields name, email (null when " +
          'missing), topic (one of "order", "billing", "technical", "other"), urgent (true or false) and summary ' +
          "(one sentence). Answer with the JSON object only.\n\nMessage:\n{{input}}",
        variables: {},
      }),
      node("extract", "model", [2, 0], { ...model("model"), responseFormat: "json", temperature: 0 }),
      node("output", "structured-output", [3, 0], { schema: JSON.stringify(contactSchema, null, 2) }),
    ],
    edges: [
      edge("input", "message", "prompt", "input"),
      edge("prompt", "prompt", "extract", "prompt"),
      edge("extract", "text", "output", "value"),
    ],
  }),
};
