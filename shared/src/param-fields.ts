import { Limits } from "./limits";
import { type ParamField, ParamFieldFormats, ParamFieldTypes } from "./schemas/actions";

type FieldType = ParamField["type"];
type FieldFormat = NonNullable<ParamField["format"]>;
type Property = {
  type?: unknown;
  format?: unknown;
  enum?: unknown;
  title?: unknown;
  minimum?: unknown;
  maximum?: unknown;
};

/** `checkIn` → "Check in", `booking_ref` → "Booking ref". */
export function humanizeParamName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isScalarType = (value: unknown): value is FieldType =>
  (ParamFieldTypes as readonly unknown[]).includes(value);

/** The scalar type a property declares (`["string", "null"]` is a string), or null. */
function typeOf(property: Property): FieldType | null {
  const declared = Array.isArray(property.type) ? property.type : [property.type];
  const scalar = declared.filter((type) => type !== "null" && type !== undefined);
  if (scalar.length > 0) return scalar.length === 1 && isScalarType(scalar[0]) ? scalar[0] : null;
  // No type: an enum of one kind of value still says what the field holds.
  if (!Array.isArray(property.enum) || property.enum.length === 0) return null;
  const kinds = new Set(property.enum.map((value) => typeof value));
  if (kinds.size !== 1) return null;
  const kind = [...kinds][0];
  return kind === "string" || kind === "number" || kind === "boolean" ? kind : null;
}

function optionsOf(property: Property, type: FieldType): ParamField["enum"] {
  if (!Array.isArray(property.enum) || type === "boolean") return undefined;
  const options = property.enum.filter((value): value is string | number =>
    type === "string"
      ? typeof value === "string" && value.length <= Limits.nameLength
      : typeof value === "number" && Number.isFinite(value),
  );
  return options.length > 0 ? options.slice(0, Limits.paramFieldOptions) : undefined;
}

const finite = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

/**
 * The scalar params a business action's JSON Schema declares, as fields a sidebar draws: every
 * param, whether or not the proposal filled it in; required ones first, in the order `required`
 * lists them. Objects and arrays are left out (no field can edit them), as are params beyond
 * `Limits.paramFieldsPerAction`.
 */
export function paramFieldsOf(paramsSchema: Record<string, unknown>): ParamField[] {
  const properties = paramsSchema.properties;
  if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
    return [];
  }
  const listed = Array.isArray(paramsSchema.required)
    ? paramsSchema.required.filter((name): name is string => typeof name === "string")
    : [];
  const required = new Set(listed);
  const byName = properties as Record<string, unknown>;
  // Stored policies are jsonb, which reorders object keys (shortest first) but keeps arrays:
  // the order of `required` is the policy author's, so required params come first in it.
  const names = [
    ...new Set([...listed.filter((name) => Object.hasOwn(byName, name)), ...Object.keys(byName)]),
  ];
  const fields: ParamField[] = [];
  for (const name of names) {
    const raw = byName[name];
    if (fields.length >= Limits.paramFieldsPerAction) break;
    if (typeof raw !== "object" || raw === null || name.length === 0 || name.length > 100) {
      continue;
    }
    const property = raw as Property;
    const type = typeOf(property);
    if (!type) continue;
    const title = typeof property.title === "string" ? property.title.trim() : "";
    const format =
      type === "string" && (ParamFieldFormats as readonly unknown[]).includes(property.format)
        ? (property.format as FieldFormat)
        : undefined;
    const options = optionsOf(property, type);
    const numeric = type === "number" || type === "integer";
    fields.push({
      name,
      label: (title || humanizeParamName(name)).slice(0, Limits.nameLength),
      type,
      ...(format ? { format } : {}),
      ...(options ? { enum: options } : {}),
      required: required.has(name),
      ...(numeric && finite(property.minimum) ? { minimum: property.minimum } : {}),
      ...(numeric && finite(property.maximum) ? { maximum: property.maximum } : {}),
    });
  }
  return fields;
}
