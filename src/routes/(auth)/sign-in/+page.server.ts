import { fail, redirect } from '@sveltejs/kit';
import { formText, parseSignIn, safeNextPath, signInFields } from '$lib/domain/account';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNextPath(url.searchParams.get('next'));
	if (locals.user) redirect(303, localizeHref(next));
	return { next, forInvitation: next.includes('/invitations/'), notice: url.searchParams.get('notice') };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const values = formText(form, signInFields);
		const next = safeNextPath(form.get('next')?.toString());
		const kept = { email: values.email.slice(0, 300) };
		const parsed = parseSignIn(values);
		if (!parsed.ok) return fail(400, { values: kept, problems: parsed.problems });
		const result = await locals.auth.signIn(parsed.data);
		if (!result.ok) return fail(result.code === 'rate_limited' ? 429 : 400, { values: kept, failure: result });
		redirect(303, localizeHref(next));
	}
};
