import { fail, redirect } from '@sveltejs/kit';
import { formText, newPasswordFormFields, parseNewPassword } from '$lib/domain/account';
import { localizeHref } from '$lib/paraglide/runtime';
import { linkToken } from '$lib/server/auth/link-params';
import type { Actions, PageServerLoad } from './$types';


export const load: PageServerLoad = async ({ url, locals }) => {
	const token = linkToken(url.searchParams);
	// Checked, not used: opening the link (or a mail scanner opening it) does not spend it.
	const check = token ? await locals.auth.checkResetToken(token) : ({ ok: false, code: 'token_invalid' } as const);
	return { token, failure: check.ok ? null : check };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const token = linkToken(form);
		const parsed = parseNewPassword(formText(form, newPasswordFormFields), '');
		if (!parsed.ok) return fail(400, { problems: parsed.problems });
		const result = await locals.auth.resetPassword({ token, password: parsed.data.password });
		if (!result.ok) return fail(400, { failure: result });
		redirect(303, localizeHref('/account?notice=password_reset'));
	}
};
