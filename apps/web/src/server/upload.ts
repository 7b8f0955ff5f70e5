// Reads one uploaded file from a multipart form with a hard cap on bytes read, so an oversized or
// lying upload gets a clear 413 before it fills memory.
import type { ApiRequest } from "./api-request";
import { AppError } from "@switchyard/errors";
import { documentFormat, SUPPORTED_EXTENSIONS } from "@switchyard/knowledge/formats";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
// the multipart envelope around the file: boundaries, headers, the file name
const FORM_OVERHEAD_BYTES = 64 * 1024;

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);

async function readCapped(request: ApiRequest, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

export async function readUploadedDocument(request: ApiRequest) {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data"))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Upload the file as multipart/form-data with a field named file");
  const body = await readCapped(request, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", "The upload is not a valid multipart form");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("BAD_REQUEST", "Attach the document as the form field named file");
  if (file.size > MAX_UPLOAD_BYTES) throw tooLarge();
  if (file.size === 0) throw new AppError("BAD_REQUEST", "The file is empty");
  const name = file.name.trim().slice(0, 255);
  const format = documentFormat(name);
  if (!format)
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Files of this type cannot be read; upload ${SUPPORTED_EXTENSIONS.map((extension) => `.${extension}`).join(", ")}`,
    );
  return { name, format, content: new Uint8Array(await file.arrayBuffer()) };
}
