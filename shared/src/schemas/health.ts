import { z } from "zod";

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.enum(["ok", "down"]),
    drafter: z.enum(["model", "offline"]),
    version: z.string(),
  })
  .meta({ id: "Health" });
export type Health = z.infer<typeof HealthSchema>;
