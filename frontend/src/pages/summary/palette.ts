// Outcomes in the order they are stacked and listed: decided answers first, then the unreached.
import type { CallOutcome } from "../../types";

export const STACK_ORDER: readonly CallOutcome[] = [
  "confirmed",
  "cancelled",
  "voicemail",
  "machine",
  "no_input",
  "hung_up",
  "no_answer",
  "busy",
  "failed",
  "pending",
];
