// The settings the page depends on (time zone, batch size), with safe values while they load or if they can't.
import { useEffect, useState } from "react";
import { errorMessage } from "../../api";
import { getConfig, type CallsConfig } from "./api";

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Used until the server answers, and if it cannot: the contract's defaults. */
export const FALLBACK_CONFIG: CallsConfig = {
  time_zone: browserZone(),
  default_region: null,
  calls_per_second: 1,
  bulk_max_numbers: 5000,
  history_max_limit: 500,
};

export type ConfigState =
  | { status: "loading"; config: CallsConfig }
  | { status: "ready"; config: CallsConfig }
  | { status: "error"; config: CallsConfig; message: string };

export function useCallsConfig(): ConfigState {
  const [state, setState] = useState<ConfigState>({ status: "loading", config: FALLBACK_CONFIG });

  useEffect(() => {
    const controller = new AbortController();
    getConfig(controller.signal)
      .then((config) => setState({ status: "ready", config }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: "error", config: FALLBACK_CONFIG, message: errorMessage(error) });
        }
      });
    return () => controller.abort();
  }, []);

  return state;
}
