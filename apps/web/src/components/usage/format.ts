// Number formats shared by the usage page's cards, tables and charts.
const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatCount = (value: number) => (value >= 100_000 ? compact.format(value) : integer.format(value));

const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
// fractions of a cent keep two significant digits, so a cheap model's cost does not read as $0.00
const fractions = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 2 });

export const formatUsd = (value: number) => (value !== 0 && Math.abs(value) < 0.01 ? fractions : cents).format(value);

export const formatPercent = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;

export const formatMs = (value: number | null) =>
  value === null ? "–" : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${integer.format(value)} ms`;
