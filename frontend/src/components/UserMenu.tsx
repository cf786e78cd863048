import { t, type MessageId } from "../i18n";
import type { Me } from "../types";

const ROLE_LABEL: Record<Me["role"], MessageId> = {
  viewer: "role.viewer",
  operator: "role.operator",
  admin: "role.admin",
};

export function UserMenu({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <div className="user-menu">
      <span className="muted user-menu__name" data-testid="signed-in-as" title={t("user.signedInAs", { name: me.name, role: t(ROLE_LABEL[me.role]) })}>
        <span className="user-menu__avatar" aria-hidden="true">
          {me.name.charAt(0).toUpperCase()}
        </span>
        <span className="user-menu__text">{t("user.signedInAs", { name: me.name, role: t(ROLE_LABEL[me.role]) })}</span>
      </span>
      <button type="button" className="button button--secondary button--small" onClick={onSignOut}>
        {t("user.logout")}
      </button>
    </div>
  );
}
