import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, localizeHref('/'));
};

// Signing out is a POST (a link could be triggered by another site); the page is the no-JS fallback.
export const actions: Actions = {
	here: async ({ locals }) => {
		await locals.auth.signOut();
		redirect(303, localizeHref('/sign-in?notice=signed_out'));
	},
	everywhere: async ({ locals }) => {
		await locals.auth.signOutEverywhere();
		redirect(303, localizeHref('/sign-in?notice=signed_out'));
	}
};
