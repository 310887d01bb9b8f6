import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	// Made-up listings are labelled everywhere they show (DESIGN.md: demo data is clearly marked).
	const [row] = await locals.withClaims((tx) =>
		tx.query<{ demo: boolean }>(`select exists (select 1 from organisations where is_demo) as demo`)
	);
	return { showsDemoData: row?.demo ?? false };
};
