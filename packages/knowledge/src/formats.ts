// The file types a context store accepts, known by extension (browsers send unreliable MIME types).

export type DocumentFormat = "text" | "markdown" | "html" | "pdf" | "docx" | "csv";

const formatsByExtension: Record<string, DocumentFormat> = {
  txt: "text",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  pdf: "pdf",
  docx: "docx",
  csv: "csv",
};

export const SUPPORTED_EXTENSIONS = Object.keys(formatsByExtension);

/** The upload field's `accept` list: every extension we read. */
export const UPLOAD_ACCEPT = SUPPORTED_EXTENSIONS.map((extension) => `.${extension}`).join(",");

/** The formats in words, one extension each (".txt, .md, … and .csv"; `or` for a choice). */
export function describeSupportedExtensions(conjunction: "and" | "or" = "and"): string {
  const firstPerFormat = new Map<DocumentFormat, string>();
  for (const [extension, format] of Object.entries(formatsByExtension))
    if (!firstPerFormat.has(format)) firstPerFormat.set(format, `.${extension}`);
  const names = [...firstPerFormat.values()];
  return `${names.slice(0, -1).join(", ")} ${conjunction} ${names.at(-1)}`;
}

/** The format of a file from its name; null when it is not one we read. */
export function documentFormat(fileName: string): DocumentFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  // own keys only: "x.constructor" or "x.__proto__" must not find Object.prototype's members
  return Object.hasOwn(formatsByExtension, extension) ? formatsByExtension[extension]! : null;
}

export const mimeTypes: Record<DocumentFormat, string> = {
  text: "text/plain",
  markdown: "text/markdown",
  html: "text/html",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  csv: "text/csv",
};
