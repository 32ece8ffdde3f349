/**
 * The field actions every helpdesk supports. Kept apart from the zod schemas so the sidebars
 * ship these names without the schema library.
 */
export const BuiltInActionTypes = [
  "set_status",
  "set_priority",
  "set_type",
  "add_tags",
  "remove_tags",
  "assign_group",
  "assign_agent",
  "set_custom_field",
  "apply_macro",
  "add_internal_note",
] as const;
export type BuiltInActionType = (typeof BuiltInActionTypes)[number];

export function isBuiltInActionType(type: string): type is BuiltInActionType {
  return (BuiltInActionTypes as readonly string[]).includes(type);
}
