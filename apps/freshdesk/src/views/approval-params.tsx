import {
  type ApprovalItem,
  approvalParams,
  editableParams,
  humanize,
  paramFromInput,
} from "@tandem/shared/sidebar";
import { fieldValue, Input } from "../ui/crayons";
import { useSidebar } from "./context";

/** Whether the request has params an agent can change in a field. */
export const canEditParams = (item: ApprovalItem) =>
  editableParams(item.request.action.params).length > 0;

/** The requested params as fields; the agent's values are approved instead of the bot's. */
export function ApprovalParams({ item, label }: { item: ApprovalItem; label: string }) {
  const { t, controller } = useSidebar();
  const params = approvalParams(item);
  return (
    <div className="td-params">
      {editableParams(item.request.action.params).map(([key, original]) => (
        <Input
          key={key}
          name={`approval-param-${item.request.id}-${key}`}
          label={humanize(key)}
          aria-label={t("actions.param_label", { action: label, param: humanize(key) })}
          type={typeof original === "number" ? "number" : "text"}
          value={String(params[key] ?? "")}
          disabled={item.busy}
          onFwInput={(event) =>
            controller.setApprovalParam(
              item.request.id,
              key,
              paramFromInput(original, fieldValue(event)),
            )
          }
        />
      ))}
    </div>
  );
}
