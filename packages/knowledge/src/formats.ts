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
