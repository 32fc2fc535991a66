import { z } from "zod";
import { fieldMessage } from "./issueText";

/** The clause workflow form: confirm a tentative agreement, or move the clause's status. */
export const clauseActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm_ta") }),
  z.object({
    intent: z.literal("status"),
    to: z.enum(["negotiating", "parked", "withdrawn"], { errorMap: () => ({ message: fieldMessage("field.clauseStatus") }) }),
  }),
]);
export type ClauseAction = z.infer<typeof clauseActionSchema>;
