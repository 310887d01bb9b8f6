import { describe, expect, it } from 'vitest';
import {
	maxPasswordLength,
	minPasswordLength,
	newPasswordProblem,
	parseChangeEmail,
	parseChangePassword,
	parseDeleteAccount,
	parseEditorInvitation,
	parseEmailOnly,
	parseNewPassword,
	parseProfile,
	parseRoleInvitation,
	parseSignIn,
	parseSignUp,
	formText,
	safeNextPath
} from '../../src/lib/domain/account';
import { isCommonPassword } from '../../src/lib/domain/common-passwords';

const good = 'mountain river lantern';
const tenKb = 'x'.repeat(10_000);

describe('email', () => {
	it('is trimmed and lower-cased', () => {
		expect(parseEmailOnly({ email: '  Nia.Jones@Example.ORG \n' })).toEqual({ ok: true, data: { email: 'nia.jones@example.org' } });
		expect(parseSignIn({ email: '\tA@B.CO ', password: 'x' })).toEqual({ ok: true, data: { email: 'a@b.co', password: 'x' } });
	});

	it('reports a missing address, blanks included', () => {
		expect(parseEmailOnly({ email: '' })).toEqual({ ok: false, problems: { email: 'email_missing' } });
		expect(parseEmailOnly({ email: '   ' })).toEqual({ ok: false, problems: { email: 'email_missing' } });
	});

	it('reports an invalid address', () => {
		for (const email of ['nia', 'nia@', '@example.org', 'nia@example', 'nia jones@example.org', 'nia@@example.org', '<script>@x.org']) {
			expect(parseEmailOnly({ email }), email).toEqual({ ok: false, problems: { email: 'email_invalid' } });
		}
	});

	it('reports an address over 254 characters as too long, even a 10 kB one', () => {
		const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`;
		expect(long.length).toBeGreaterThan(254);
		expect(parseEmailOnly({ email: long })).toEqual({ ok: false, problems: { email: 'email_too_long' } });
		expect(parseEmailOnly({ email: tenKb })).toEqual({ ok: false, problems: { email: 'email_too_long' } });
		expect(parseEmailOnly({ email: `${tenKb}@example.org` })).toEqual({ ok: false, problems: { email: 'email_too_long' } });
	});
});

describe('new passwords', () => {
	it('accepts a good passphrase', () => {
		expect(newPasswordProblem(good)).toBeNull();
		expect(newPasswordProblem(good, 'nia.jones@example.org')).toBeNull();
		expect(newPasswordProblem('Tr0ub4dor&3-horse')).toBeNull();
	});

	it('requires one', () => {
		expect(newPasswordProblem('')).toBe('password_missing');
	});

	it('counts characters, not bytes or UTF-16 units, for the minimum', () => {
		expect(minPasswordLength).toBe(10);
		expect(newPasswordProblem('short pw!')).toBe('password_too_short'); // 9
		expect(newPasswordProblem('ŵŷâêîôûŵŷ')).toBe('password_too_short'); // 9 characters, 18 bytes
		expect(newPasswordProblem('🙂🐉🌊🔥🌳🎈🍀🦊🐙')).toBe('password_too_short'); // 9 characters, 18 UTF-16 units
		expect(newPasswordProblem('ŵŷâêîôûŵŷa')).toBeNull(); // 10 characters
		expect(newPasswordProblem('🙂🐉🌊🔥🌳🎈🍀🦊🐙🌵')).toBeNull();
	});

	it('refuses more than 200 characters', () => {
		expect(maxPasswordLength).toBe(200);
		const words = 'lantern river mountain ';
		const exactly200 = words.repeat(10).slice(0, 200);
		expect(exactly200).toHaveLength(200);
		expect(newPasswordProblem(exactly200)).toBeNull();
		expect(newPasswordProblem(exactly200 + 'x')).toBe('password_too_long');
		expect(newPasswordProblem(tenKb)).toBe('password_too_long');
	});

	it('refuses common passwords, decorated ones too', () => {
		for (const password of [
			'Password2024!', 'PASSWORD123', '!!password!!', 'P@ssw0rd2024', 'qwerty123456', 'Qwertyuiop',
			'1234567890', 'iloveyou123', '2024Liverpool!', 'Cymru1234567', 'Whatmatters2025', 'letmein!!!!!'
		]) {
			expect(newPasswordProblem(password), password).toBe('password_common');
		}
	});

	it('refuses repeated characters, repeated short groups and plain runs', () => {
		for (const password of ['aaaaaaaaaa', '1111111111', '          ', 'abcabcabcabc', '1212121212', 'abcdefghij', '9876543210', 'ABCDEFGHIJKL', 'zyxwvutsrq']) {
			expect(newPasswordProblem(password), password).toBe('password_common');
		}
	});

	it('refuses a password containing the email’s local part (4 characters or more), in any case', () => {
		expect(newPasswordProblem('my name is nia.jones ok', 'nia.jones@example.org')).toBe('password_contains_email');
		expect(newPasswordProblem('NIA.JONES rides bikes', 'Nia.Jones@example.org')).toBe('password_contains_email');
		// Too short a local part to mean anything.
		expect(newPasswordProblem('bob builds bridges', 'bob@example.org')).toBeNull();
		expect(newPasswordProblem(good, '')).toBeNull();
	});

	it('checks the lists directly', () => {
		expect(isCommonPassword('password')).toBe(true);
		expect(isCommonPassword('Password2024!')).toBe(true);
		expect(isCommonPassword('qwerty123456')).toBe(true);
		expect(isCommonPassword('abcdefghij')).toBe(true);
		expect(isCommonPassword('9876543210')).toBe(true);
		expect(isCommonPassword('abcdfghij')).toBe(false); // not a run: a letter is missing
		expect(isCommonPassword(good)).toBe(false);
		expect(isCommonPassword('passwordsafe river')).toBe(false); // a common word inside a longer passphrase is fine
	});
});

describe('forms with a new password', () => {
	it('sign-up: a good form parses, with the email normalised and the name tidied', () => {
		expect(parseSignUp({ email: ' Nia@Example.org', display_name: '  Nia \t Jones ', password: good, password_again: good })).toEqual({
			ok: true,
			data: { email: 'nia@example.org', display_name: 'Nia Jones', password: good, password_again: good }
		});
	});

	it('sign-up: passwords must match', () => {
		expect(parseSignUp({ email: 'nia@example.org', display_name: '', password: good, password_again: `${good} ` })).toEqual({
			ok: false,
			problems: { password_again: 'passwords_differ' }
		});
	});

	it('sign-up: uses the form’s own email for the contains-email rule', () => {
		expect(parseSignUp({ email: 'lantern@example.org', display_name: '', password: good, password_again: good })).toEqual({
			ok: false,
			problems: { password: 'password_contains_email' }
		});
	});

	it('sign-up: 10 kB fields give *_too_long problems, not exceptions', () => {
		const result = parseSignUp({ email: tenKb, display_name: tenKb, password: tenKb, password_again: tenKb });
		expect(result).toEqual({
			ok: false,
			problems: { email: 'email_too_long', display_name: 'name_too_long', password: 'password_too_long' }
		});
	});

	it('sign-in and change of email: a 10 kB password is too long, not hashed', () => {
		expect(parseSignIn({ email: 'nia@example.org', password: tenKb })).toEqual({ ok: false, problems: { password: 'password_too_long' } });
		expect(parseSignIn({ email: 'nia@example.org', password: '' })).toEqual({ ok: false, problems: { password: 'password_missing' } });
		expect(parseChangeEmail({ email: tenKb, current_password: tenKb })).toEqual({
			ok: false,
			problems: { email: 'email_too_long', current_password: 'password_too_long' }
		});
		// A current password is only checked, not judged: a short or common one is fine here.
		expect(parseSignIn({ email: 'nia@example.org', password: 'password' })).toMatchObject({ ok: true });
	});

	it('reset: refuses a password containing the account’s email', () => {
		expect(parseNewPassword({ password: 'nia.jones forever', password_again: 'nia.jones forever' }, 'nia.jones@example.org')).toEqual({
			ok: false,
			problems: { password: 'password_contains_email' }
		});
		expect(parseNewPassword({ password: good, password_again: 'different' }, 'nia@example.org')).toEqual({
			ok: false,
			problems: { password_again: 'passwords_differ' }
		});
		expect(parseNewPassword({ password: good, password_again: good }, 'nia@example.org')).toEqual({
			ok: true,
			data: { password: good, password_again: good }
		});
	});

	it('change of password merges the problems of both parts', () => {
		expect(parseChangePassword({ current_password: '', password: 'short', password_again: 'short' }, 'nia@example.org')).toEqual({
			ok: false,
			problems: { current_password: 'password_missing', password: 'password_too_short' }
		});
		expect(parseChangePassword({ current_password: tenKb, password: good, password_again: 'other' }, 'nia@example.org')).toEqual({
			ok: false,
			problems: { current_password: 'password_too_long', password_again: 'passwords_differ' }
		});
		expect(parseChangePassword({ current_password: 'old one', password: 'Password2024!', password_again: 'Password2024!' }, 'nia@example.org')).toEqual({
			ok: false,
			problems: { password: 'password_common' }
		});
		expect(parseChangePassword({ current_password: 'old one', password: good, password_again: good }, 'nia@example.org')).toEqual({
			ok: true,
			data: { current: 'old one', next: good }
		});
	});
});

describe('other account forms', () => {
	it('deleting an account needs the password and confirm "yes"', () => {
		expect(parseDeleteAccount({ current_password: 'secret words', confirm: 'yes' })).toEqual({
			ok: true,
			data: { current_password: 'secret words', confirm: 'yes' }
		});
		for (const confirm of ['', 'no', 'YES', 'on', 'true', ' yes']) {
			expect(parseDeleteAccount({ current_password: 'secret words', confirm }), confirm).toEqual({ ok: false, problems: { confirm: 'confirm_missing' } });
		}
		expect(parseDeleteAccount({ current_password: '', confirm: '' })).toEqual({
			ok: false,
			problems: { current_password: 'password_missing', confirm: 'confirm_missing' }
		});
	});

	it('role invitations are for invitable site roles only', () => {
		for (const role of ['practitioner', 'moderator', 'planner'] as const) {
			expect(parseRoleInvitation({ email: ' New@Example.org ', role })).toEqual({ ok: true, data: { email: 'new@example.org', role } });
		}
		for (const role of ['admin', 'editor', 'owner', '', 'Practitioner']) {
			expect(parseRoleInvitation({ email: 'new@example.org', role }), role).toEqual({ ok: false, problems: { role: 'role_invalid' } });
		}
		expect(parseEditorInvitation({ email: 'nope' })).toEqual({ ok: false, problems: { email: 'email_invalid' } });
	});

	it('profile: a 10 kB name is too long; an unknown language falls back to English', () => {
		expect(parseProfile({ display_name: tenKb, language: 'en' })).toEqual({ ok: false, problems: { display_name: 'name_too_long' } });
		expect(parseProfile({ display_name: 'Nia\u0000Jones', language: 'xx' })).toEqual({ ok: true, data: { display_name: 'Nia Jones', language: 'en' } });
		expect(parseProfile({ display_name: 'Nia', language: 'cy' })).toEqual({ ok: true, data: { display_name: 'Nia', language: 'cy' } });
	});

	it('formText reads text fields and turns anything else into ""', () => {
		const form = new FormData();
		form.set('email', 'nia@example.org');
		form.set('password', new Blob(['file']), 'upload.txt');
		expect(formText(form, ['email', 'password', 'missing'] as const)).toEqual({ email: 'nia@example.org', password: '', missing: '' });
	});
});

describe('safeNextPath', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeNextPath('/practice?x=1')).toBe('/practice?x=1');
		expect(safeNextPath('/account/sessions')).toBe('/account/sessions');
		expect(safeNextPath('/')).toBe('/');
	});

	it('refuses other origins and anything odd, going to /account instead', () => {
		for (const next of [
			'//evil.example', '//evil.example/path', '/\\evil', '/\\\\evil.example', 'https://evil.example', 'http://localhost/account',
			'javascript:alert(1)', 'evil.example', '', null, undefined, `/${'a'.repeat(500)}`
		]) {
			expect(safeNextPath(next), String(next)).toBe('/account');
		}
		expect(safeNextPath(`/${'a'.repeat(499)}`)).toBe(`/${'a'.repeat(499)}`);
	});
});
