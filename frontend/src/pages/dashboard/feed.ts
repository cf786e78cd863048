// The live feed, with a keypress and the decision it led to shown as one line.
import type { LiveEvent } from "../../types";

/**
 * Newest first in, newest first out. The flow reports a keypress (`dtmf`, digits "1") and then what it
 * decided (`dtmf_action`, digits "1", action confirm): the second says all the first does, so the first
 * is left out. A key that led to no decision (a wrong key, then a retry) stays.
 */
export function foldKeypresses(events: LiveEvent[]): LiveEvent[] {
  // Per call: the digits of a decision seen (newer) and not yet paired with its keypress.
  const decided = new Map<string, string>();
  return events.filter((event) => {
    const sid = event.execution_sid ?? event.call.execution_sid;
    if (event.kind !== "dtmf" || !event.digits) return true;
    if (event.is_action) {
      decided.set(sid, event.digits);
      return true;
    }
    const paired = decided.get(sid) === event.digits;
    decided.delete(sid);
    return !paired;
  });
}
