import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const tokenFrom = (params: URLSearchParams | FormData) => String(params.get('token') ?? params.get('token_hash') ?? '').slice(0, 200);
// Local links say signup / email_change; Supabase's say signup, email or email_change.
const typeFrom = (params: URLSearchParams | FormData) => (params.get('type') === 'email_change' ? 'email_change' : 'signup');

export const load: PageServerLoad = ({ url }) => ({ token: tokenFrom(url.searchParams), type: typeFrom(url.searchParams) });

// Confirming is a button, not the link itself, so a mail scanner opening the link spends nothing.
export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const type = typeFrom(form);
		const result = await locals.auth.confirmEmail({ token: tokenFrom(form), type });
		if (!result.ok) return fail(400, { failure: result });
		const notice = type === 'signup' ? 'email_confirmed' : 'email_changed';
		// Confirming never signs anyone in (a link alone is not a password).
		redirect(303, localizeHref(locals.user ? `/account?notice=${notice}` : `/sign-in?notice=${notice}`));
	}
};
