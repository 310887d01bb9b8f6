import { m } from '$lib/paraglide/messages';
import type { SiteRole } from '$lib/domain/account';

// Each site role's own area, named in the menu, on the account page and after an invitation.
// Which route group needs which role on the server is src/lib/server/access.ts.
export const roleAreas: { role: SiteRole; href: string; label: () => string }[] = [
	{ role: 'practitioner', href: '/practice', label: m.nav_practice },
	{ role: 'moderator', href: '/moderation', label: m.nav_moderation },
	{ role: 'planner', href: '/planning', label: m.nav_planning },
	{ role: 'admin', href: '/admin', label: m.nav_admin }
];

/** The areas someone with these roles may enter (an admin holds every role). */
export const areasFor = (roles: readonly string[]) =>
	roleAreas.filter((area) => roles.includes(area.role) || roles.includes('admin'));

export const areaOf = (role: string) => roleAreas.find((area) => area.role === role)?.href;
