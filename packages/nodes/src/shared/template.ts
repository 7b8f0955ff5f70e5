// `{{variable}}` templates: the one place that knows their syntax.
const variablePattern = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(variablePattern)].map((match) => match[1]!))];
}

export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(variablePattern, (_match, name: string) => values[name] ?? "");
}
