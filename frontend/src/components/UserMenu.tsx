import { t } from "../i18n";
import type { Me } from "../types";

export function UserMenu({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <div className="user-menu">
      <span className="muted user-menu__name" data-testid="signed-in-as">
        {t("user.signedInAs", { name: me.name, role: me.role })}
      </span>
      <button type="button" className="button button--secondary button--small" onClick={onSignOut}>
        {t("user.logout")}
      </button>
    </div>
  );
}
