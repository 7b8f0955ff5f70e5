import { describe, expect, it } from "vitest";
import { datasetRowSchema, decodeText, guessMapping, importDataset, parseTable } from "./dataset-import";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("dataset import", () => {
  it("maps CSV columns to input, expected and metadata, with quoted commas and newlines", () => {
    const csv = 'question,answer,topic\n"Capital of France, please?",Paris,geo\n"two\nlines",x,misc\n';
    const result = importDataset(bytes(csv), "csv", { input: "question", expected: "answer", metadata: ["topic"] });
    expect(result).toEqual({
      ok: true,
      rows: [
        { input: "Capital of France, please?", expected: "Paris", metadata: { topic: "geo" } },
        { input: "two\nlines", expected: "x", metadata: { topic: "misc" } },
      ],
    });
  });

  it("reads JSONL objects and keeps non-string values as JSON text", () => {
    const jsonl = '{"input":"a","expected":{"n":1}}\n\n{"input":"b","expected":null,"tag":2}\n';
    const result = importDataset(bytes(jsonl), "jsonl", { input: "input", expected: "expected", metadata: ["tag"] });
    expect(result).toEqual({
      ok: true,
      rows: [
        { input: "a", expected: '{"n":1}', metadata: { tag: null } },
        { input: "b", expected: null, metadata: { tag: 2 } },
      ],
    });
  });

  it("refuses a file that is not UTF-8, naming the likely encoding", () => {
    const latin1 = Uint8Array.from([0x69, 0x6e, 0x70, 0x75, 0x74, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]); // "input\ncafé" in Latin-1
    const result = importDataset(latin1, "csv", { input: "input", metadata: [] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/not UTF-8 text/);
  });

  it("strips a UTF-8 byte-order mark", () => {
    expect(decodeText(bytes("\uFEFFinput\nx"))).toEqual({ ok: true, text: "input\nx" });
  });

  it("says which column is missing and which exist", () => {
    const result = importDataset(bytes("question,answer\nq,a\n"), "csv", { input: "prompt", metadata: [] });
    expect(result).toEqual({ ok: false, error: 'The file has no column "prompt"; its columns are question, answer' });
  });

  it("reports a broken CSV with its row", () => {
    const result = importDataset(bytes('input,expected\n"never closed,a\n'), "csv", { input: "input", metadata: [] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe("The CSV could not be read on row 1: a quoted value is never closed");
  });

  it("reports rows with more values than the header", () => {
    const result = importDataset(bytes("input\na,b\n"), "csv", { input: "input", metadata: [] });
    expect(!result.ok && result.error).toMatch(/row 1: it has more values than the header/);
  });

  it("reports the line of invalid JSONL and non-object lines", () => {
    expect(parseTable('{"input":"a"}\n{oops}\n', "jsonl")).toEqual({ ok: false, error: "Line 2 is not valid JSON" });
    expect(parseTable('["a"]\n', "jsonl")).toMatchObject({ ok: false, error: expect.stringMatching(/Line 1 is not a JSON object/) });
  });

  it("refuses empty files, empty inputs and header-only files", () => {
    expect(importDataset(bytes(""), "csv", { input: "input", metadata: [] })).toEqual({ ok: false, error: "The file is empty" });
    expect(importDataset(bytes("input,expected\n,x\n"), "csv", { input: "input", metadata: [] })).toEqual({
      ok: false,
      error: 'Row 1 has no value in the input column "input"',
    });
    expect(importDataset(bytes("input\n"), "csv", { input: "input", metadata: [] })).toEqual({
      ok: false,
      error: "The file has a header but no rows",
    });
  });

  it("guesses the usual column names", () => {
    expect(guessMapping(["id", "Question", "answer"])).toEqual({ input: "Question", expected: "answer", metadata: ["id"] });
    expect(guessMapping(["text"])).toEqual({ input: "text", expected: undefined, metadata: [] });
  });

  it("reads conversations from a JSONL messages field: earlier turns become the history, the last user message the input", () => {
    const jsonl = [
      '{"messages":[{"role":"user","content":"My name is Ada."},{"role":"assistant","content":"Hello Ada!"},{"role":"user","content":"What is my name?"}],"expected":"Ada"}',
      '{"messages":[{"role":"user","content":"Just one turn"}]}',
    ].join("\n");
    const table = parseTable(jsonl, "jsonl");
    if (!table.ok) throw new Error(table.error);
    const mapping = guessMapping(table.columns);
    expect(mapping).toEqual({ input: "messages", expected: "expected", metadata: [] });
    expect(importDataset(bytes(jsonl), "jsonl", mapping)).toEqual({
      ok: true,
      rows: [
        {
          input: "What is my name?",
          history: [
            { role: "user", content: "My name is Ada." },
            { role: "assistant", content: "Hello Ada!" },
          ],
          expected: "Ada",
          metadata: null,
        },
        { input: "Just one turn", expected: null, metadata: null },
      ],
    });
  });

  it("refuses a conversation that is not one, naming the line and the field", () => {
    const mapping = { input: "messages", metadata: [] };
    const line = (messages: unknown) => `{"messages":${JSON.stringify(messages)}}`;
    const refuse = (third: string) => importDataset(bytes(`${line([{ role: "user", content: "a" }])}\n\n${third}\n`), "jsonl", mapping);
    expect(
      refuse(
        line([
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
        ]),
      ),
    ).toEqual({
      ok: false,
      error: 'Line 3, field "messages": the last message must be from the user: it is the one the bot answers',
    });
    expect(
      refuse(
        line([
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ]),
      ),
    ).toEqual({
      ok: false,
      error: 'Line 3, field "messages": message 2 is a second "user" message in a row: turns must alternate between user and assistant',
    });
    expect(
      refuse(
        line([
          { role: "system", content: "a" },
          { role: "user", content: "b" },
        ]),
      ),
    ).toEqual({
      ok: false,
      error: 'Line 3, field "messages": A message\'s role must be "user" or "assistant"',
    });
    expect(refuse(line("hello"))).toEqual({
      ok: false,
      error: 'Line 3, field "messages": messages must be a list of { role, content } objects',
    });
  });

  it("accepts the stored form of a conversation (input and history) and refuses a history that ends with the user", () => {
    const history = [
      { role: "user", content: "a" },
      { role: "assistant", content: "b" },
    ];
    expect(datasetRowSchema.parse({ input: "c", history })).toEqual({ input: "c", history, expected: null, metadata: null });
    const refused = datasetRowSchema.safeParse({ input: "c", history: history.slice(0, 1) });
    expect(refused.error?.issues[0]).toMatchObject({
      path: ["history", 0, "role"],
      message: "the history must end with the assistant: the input is the next user message",
    });
    expect(datasetRowSchema.safeParse({ expected: "x" }).error?.issues[0]).toMatchObject({
      path: ["input"],
      message: "Give an input or messages",
    });
  });
});

describe("expected sources", () => {
  it("reads a JSONL list and a CSV cell (a JSON list or names separated by ;), and guesses the column", () => {
    const jsonl = '{"input":"a","expectedSources":["returns.md","FAQ.pdf"]}\n{"input":"b"}\n';
    expect(guessMapping(["input", "expectedSources"])).toEqual({
      input: "input",
      expected: undefined,
      expectedSources: "expectedSources",
      metadata: [],
    });
    expect(importDataset(bytes(jsonl), "jsonl", { input: "input", expectedSources: "expectedSources", metadata: [] })).toEqual({
      ok: true,
      rows: [
        { input: "a", expected: null, metadata: null, expectedSources: ["returns.md", "FAQ.pdf"] },
        { input: "b", expected: null, metadata: null },
      ],
    });
    const csv = 'question,sources\nq1,returns.md; shipping.md\nq2,"[""faq.md""]"\nq3,\n';
    expect(importDataset(bytes(csv), "csv", { input: "question", expectedSources: "sources", metadata: [] })).toEqual({
      ok: true,
      rows: [
        { input: "q1", expected: null, metadata: null, expectedSources: ["returns.md", "shipping.md"] },
        { input: "q2", expected: null, metadata: null, expectedSources: ["faq.md"] },
        { input: "q3", expected: null, metadata: null },
      ],
    });
  });

  it("refuses sources that are not a list of names, naming the line and the field", () => {
    const jsonl = '{"input":"a","expectedSources":["ok.md"]}\n{"input":"b","expectedSources":[3]}\n';
    expect(importDataset(bytes(jsonl), "jsonl", { input: "input", expectedSources: "expectedSources", metadata: [] })).toEqual({
      ok: false,
      error: 'Line 2, field "expectedSources": expectedSources must be a list of document names',
    });
    expect(datasetRowSchema.safeParse({ input: "x", expectedSources: "returns.md" }).error?.issues[0]).toMatchObject({
      path: ["expectedSources"],
      message: "expectedSources must be a list of document names",
    });
  });
});
