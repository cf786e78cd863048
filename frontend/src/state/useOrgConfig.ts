// The organisation's settings, read once per sign-in; the display zone follows its time zone.
import { createContext, useContext, useEffect, useState } from "react";
import { getConfig } from "../api";
import { browserZone, setDisplayZone } from "../format";
import type { OrgConfig } from "../types";

export type ConfigState = { status: "loading" } | { status: "ready"; config: OrgConfig };

/** If the server cannot say (older server, network), the page still works in the browser's zone. */
function fallback(): OrgConfig {
  return {
    time_zone: browserZone(),
    default_region: null,
    calls_per_second: 1,
    bulk_max_numbers: 5000,
    history_max_limit: 500,
  };
}

export function useOrgConfig(): ConfigState {
  const [state, setState] = useState<ConfigState>({ status: "loading" });
  useEffect(() => {
    let active = true;
    getConfig()
      .catch(() => fallback())
      .then((config) => {
        if (!active) return;
        setDisplayZone(config.time_zone);
        setState({ status: "ready", config });
      });
    return () => {
      active = false;
    };
  }, []);
  return state;
}

export const OrgConfigContext = createContext<OrgConfig | null>(null);

/** The settings read at sign-in (the shell renders pages only once they are known). */
export function useConfig(): OrgConfig {
  const config = useContext(OrgConfigContext);
  if (!config) throw new Error("useConfig must be used under <OrgConfigContext.Provider>");
  return config;
}
