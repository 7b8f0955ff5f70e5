export { createRunExport, type ExportConfig, type RunExport, type RunExportOptions } from "./run-export";
export { recordRunSpans, type RunLabels, type RunSpanOptions } from "./run-spans";
