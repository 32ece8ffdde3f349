import {
  type RejectionReason,
  type RejectionReasonCode,
  RejectionReasonCodes,
} from "@tandem/shared";
import { useId, useState } from "react";
import { Button, fieldValue, Radio, RadioGroup, Textarea } from "../ui/crayons";
import { useSidebar } from "./context";

/** Why the agent rejects: a reason code and an optional note (drafts and bot requests alike). */
export function RejectReasons({
  title,
  confirmLabel,
  busy,
  onReject,
  onClose,
}: {
  title: string;
  confirmLabel: string;
  busy: boolean;
  onReject: (reason: RejectionReason) => void;
  onClose: () => void;
}) {
  const { t } = useSidebar();
  const [code, setCode] = useState<RejectionReasonCode | null>(null);
  const [note, setNote] = useState("");
  const id = useId().replace(/[^A-Za-z0-9_-]/g, "");
  return (
    <section className="td-reject" aria-labelledby={`td-reject-${id}`} data-testid="reject-form">
      <h2 id={`td-reject-${id}`} className="td-heading">
        {title}
      </h2>
      <RadioGroup
        name={`tandem-reject-reason-${id}`}
        label={t("reject.reason")}
        aria-label={t("reject.reason")}
      >
        {RejectionReasonCodes.map((reason) => (
          <Radio
            key={reason}
            value={reason}
            checked={code === reason}
            onFwSelect={() => setCode(reason)}
          >
            {t(`reject.${reason}`)}
          </Radio>
        ))}
      </RadioGroup>
      <Textarea
        name={`tandem-reject-note-${id}`}
        label={t("reject.note")}
        value={note}
        rows={2}
        maxlength={2000}
        onFwInput={(event) => setNote(fieldValue(event))}
      />
      <div className="td-row">
        <Button
          color="danger"
          size="small"
          disabled={code === null || busy}
          loading={busy}
          onFwClick={() => {
            if (code) onReject({ code, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          {confirmLabel}
        </Button>
        <Button color="text" size="small" onFwClick={onClose}>
          {t("button.cancel")}
        </Button>
      </div>
    </section>
  );
}
