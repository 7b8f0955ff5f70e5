export declare const WIDGET_GZIP_BUDGET_BYTES: number;
export declare function bundleWidget(): string;
export declare function buildWidget(outfile?: string): { bytes: number; gzipped: number };
