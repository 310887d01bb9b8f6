import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { confirmationType, linkToken } from '$lib/server/auth/link-params';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: linkToken(url.searchParams), type: confirmationType(url.searchParams) });

// Confirming is a button, not the link itself, so a mail scanner opening the link spends nothing.
export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const type = confirmationType(form);
		const result = await locals.auth.confirmEmail({ token: linkToken(form), type });
		if (!result.ok) return fail(400, { failure: result });
		const notice = type === 'signup' ? 'email_confirmed' : 'email_changed';
		// Confirming never signs anyone in (a link alone is not a password).
		redirect(303, localizeHref(locals.user ? `/account?notice=${notice}` : `/sign-in?notice=${notice}`));
	}
};
