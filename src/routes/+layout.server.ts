import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	// Made-up listings are labelled everywhere they show (DESIGN.md: demo data is clearly marked).
	const [row] = await locals.withClaims((tx) =>
		tx.query<{ demo: boolean }>(`select exists (select 1 from organisations where is_demo) as demo`)
	);
	const user = locals.user && { email: locals.user.email, displayName: locals.user.displayName, roles: locals.user.roles, memberships: locals.user.memberships };
	// Where "Leave this site quickly" goes: an everyday page (configurable, e.g. a local weather page).
	const quickExitUrl = process.env.QUICK_EXIT_URL ?? 'https://www.bbc.co.uk/weather';
	return { showsDemoData: row?.demo ?? false, user, quickExitUrl };
};
