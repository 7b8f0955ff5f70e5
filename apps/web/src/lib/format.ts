/** Dollars for traces: small amounts keep two significant digits, nothing shows as "$0.0". */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(3)}`;
}
