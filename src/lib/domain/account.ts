import { z } from 'zod';
import { isCommonPassword } from './common-passwords';

// Every account form's input, defined once. Field errors are codes; pages turn them into
// messages in the reader's language (messages/*.json, `account_error_<code>`).

export const siteRoles = ['practitioner', 'moderator', 'planner', 'admin'] as const;
export type SiteRole = (typeof siteRoles)[number];
/** The site roles an admin can invite people to (admins are made with `npm run admin:create`). */
export const invitableRoles = ['practitioner', 'moderator', 'planner'] as const;
export type InvitableRole = (typeof invitableRoles)[number];
export const memberRoles = ['owner', 'editor'] as const;
export type MemberRole = (typeof memberRoles)[number];

export const minPasswordLength = 10;
export const maxPasswordLength = 200;
export const maxEmailLength = 254;
export const maxDisplayNameLength = 100;

export type AccountProblem =
	| 'email_missing' | 'email_invalid' | 'email_too_long'
	| 'password_missing' | 'password_too_short' | 'password_too_long' | 'password_common' | 'password_contains_email'
	| 'passwords_differ' | 'name_too_long' | 'role_invalid' | 'confirm_missing';

const email = z
	.string()
	.transform((text) => text.trim().toLowerCase())
	.superRefine((text, ctx) => {
		if (!text) ctx.addIssue({ code: 'custom', message: 'email_missing' });
		else if (text.length > maxEmailLength) ctx.addIssue({ code: 'custom', message: 'email_too_long' });
		else if (!z.email().safeParse(text).success) ctx.addIssue({ code: 'custom', message: 'email_invalid' });
	});

/** A password someone is choosing: long enough, not on the common list, not their email. */
export function newPasswordProblem(password: string, forEmail = ''): AccountProblem | null {
	if (!password) return 'password_missing';
	const characters = [...password].length; // characters, not UTF-16 units: an emoji is one
	if (characters > maxPasswordLength) return 'password_too_long';
	if (characters < minPasswordLength) return 'password_too_short';
	if (isCommonPassword(password)) return 'password_common';
	const local = forEmail.split('@')[0] ?? '';
	if (local.length >= 4 && password.toLowerCase().includes(local.toLowerCase())) return 'password_contains_email';
	return null;
}

/** A password being checked, not chosen: only presence and a ceiling (scrypt on 10 kB is wasted work). */
const currentPassword = z.string().superRefine((text, ctx) => {
	if (!text) ctx.addIssue({ code: 'custom', message: 'password_missing' });
	else if ([...text].length > maxPasswordLength) ctx.addIssue({ code: 'custom', message: 'password_too_long' });
});

const displayName = z
	.string()
	.transform((text) => text.normalize('NFC').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim())
	.refine((text) => text.length <= maxDisplayNameLength, 'name_too_long');

export type Problems<Field extends string> = Partial<Record<Field, AccountProblem>>;
export type Parsed<T, Field extends string> = { ok: true; data: T } | { ok: false; problems: Problems<Field> };

/** Reads named text fields from a form; anything missing or not text becomes ''. */
export function formText<Field extends string>(form: FormData, fields: readonly Field[]): Record<Field, string> {
	const values = {} as Record<Field, string>;
	for (const field of fields) {
		const value = form.get(field);
		values[field] = typeof value === 'string' ? value : '';
	}
	return values;
}

function parseWith<T, Field extends string>(schema: z.ZodType<T>, input: Record<Field, string>): Parsed<T, Field> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, data: result.data };
	const problems: Problems<Field> = {};
	for (const issue of result.error.issues) {
		const field = issue.path[0] as Field;
		problems[field] ??= issue.message as AccountProblem;
	}
	return { ok: false, problems };
}

const newPasswordFields = z
	.object({ email, password: z.string(), password_again: z.string() })
	.superRefine((form, ctx) => {
		const problem = newPasswordProblem(form.password, form.email);
		if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
		else if (form.password !== form.password_again) ctx.addIssue({ code: 'custom', path: ['password_again'], message: 'passwords_differ' });
	});

export const signUpFields = ['email', 'display_name', 'password', 'password_again'] as const;
export const parseSignUp = (input: Record<(typeof signUpFields)[number], string>) =>
	parseWith(newPasswordFields.and(z.object({ display_name: displayName })), input);

export const signInFields = ['email', 'password'] as const;
export const parseSignIn = (input: Record<(typeof signInFields)[number], string>) =>
	parseWith(z.object({ email, password: currentPassword }), input);

export const emailOnlyFields = ['email'] as const;
export const parseEmailOnly = (input: Record<'email', string>) => parseWith(z.object({ email }), input);

/** Setting a new password (reset, or change): `email` is only used to refuse passwords containing it. */
export const newPasswordFormFields = ['password', 'password_again'] as const;
export function parseNewPassword(input: Record<'password' | 'password_again', string>, forEmail: string) {
	return parseWith(
		z.object({ password: z.string(), password_again: z.string() }).superRefine((form, ctx) => {
			const problem = newPasswordProblem(form.password, forEmail);
			if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
			else if (form.password !== form.password_again) ctx.addIssue({ code: 'custom', path: ['password_again'], message: 'passwords_differ' });
		}),
		input
	);
}

export const changePasswordFields = ['current_password', 'password', 'password_again'] as const;
export function parseChangePassword(input: Record<(typeof changePasswordFields)[number], string>, forEmail: string) {
	const current = parseWith(z.object({ current_password: currentPassword }), { current_password: input.current_password });
	const next = parseNewPassword(input, forEmail);
	if (current.ok && next.ok) return { ok: true as const, data: { current: current.data.current_password, next: next.data.password } };
	return { ok: false as const, problems: { ...(current.ok ? {} : current.problems), ...(next.ok ? {} : next.problems) } as Problems<(typeof changePasswordFields)[number]> };
}

export const changeEmailFields = ['email', 'current_password'] as const;
export const parseChangeEmail = (input: Record<(typeof changeEmailFields)[number], string>) =>
	parseWith(z.object({ email, current_password: currentPassword }), input);

export const profileFields = ['display_name', 'language'] as const;
export const parseProfile = (input: Record<(typeof profileFields)[number], string>) =>
	parseWith(z.object({ display_name: displayName, language: z.enum(['en', 'cy']).catch('en') }), input);

export const deleteAccountFields = ['current_password', 'confirm'] as const;
export const parseDeleteAccount = (input: Record<(typeof deleteAccountFields)[number], string>) =>
	parseWith(
		z.object({ current_password: currentPassword, confirm: z.string().refine((v) => v === 'yes', 'confirm_missing') }),
		input
	);

export const inviteFields = ['email', 'role'] as const;
export const parseRoleInvitation = (input: Record<(typeof inviteFields)[number], string>) =>
	parseWith(z.object({ email, role: z.enum(invitableRoles, { message: 'role_invalid' }) }), input);
export const parseEditorInvitation = (input: Record<'email', string>) => parseWith(z.object({ email }), input);

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNextPath(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return '/account';
	return next;
}
