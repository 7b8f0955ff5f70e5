// Metadata a config field can carry for the editor's generated form: zod's `.meta()` puts it in the
// JSON Schema the form is built from, so the schema stays the one description of a node's settings.

/**
 * Shows the field only while each named sibling field (or its default) has one of the listed values.
 * A type, not an interface, so it passes as `.meta()`'s open-ended object.
 */
export type FieldVisibility = {
  visibleWhen: Record<string, readonly string[]>;
};

/** `.meta(visibleWhen("kind", ["regex"]))`: a field that matters only for some values of another. */
export const visibleWhen = (field: string, values: readonly string[]): FieldVisibility => ({ visibleWhen: { [field]: values } });

/** Labels for people of a choice field's values; the stored value stays the raw one. */
export type OptionLabels = {
  optionLabels: Record<string, string>;
};

/** `.meta({ title: "Mode", ...optionLabels({ turns: "Last turns" }) })`: a value without a label is shown humanised. */
export const optionLabels = (labels: Record<string, string>): OptionLabels => ({ optionLabels: labels });

/** Whether a field with `visibility` is shown next to `siblings`; `defaults` stand in for unset siblings. */
export function isFieldVisible(
  visibility: Partial<FieldVisibility>,
  siblings: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): boolean {
  return Object.entries(visibility.visibleWhen ?? {}).every(([field, values]) =>
    values.includes(String(siblings[field] ?? defaults[field])),
  );
}
