import { test, expect } from './fixtures';
import { admin, confirmedAccount, follow, linkFromOutbox, origin, owner, signIn, signOut, signedIn, signedUp, switchTo, unique } from './helpers';

// Accounts in a real browser on the embedded server: local accounts, mail through the outbox
// (the only way mail leaves an embedded install), roles by invitation, and refusals.
// Demo accounts and their passwords are in the README's demo data section.

test.describe('accounts', () => {
	test('sign up → not confirmed yet → confirm from the mail → sign in → refused a role page → sign out', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(403).add(400); // refused pages, and forms sent back with a problem
		const me = { email: unique('newcomer'), password: 'kettle river lantern' };

		await page.goto('/');
		await expectAccessible();
		await follow(page.getByRole('link', { name: 'Sign in' }));
		await expectAccessible();
		await follow(page.getByRole('link', { name: 'Create an account' }));
		await expectAccessible();
		await page.getByLabel('Email address').fill(me.email);
		await page.getByLabel('Your name (optional)').fill('Nia');
		await page.getByLabel('New password', { exact: true }).fill(me.password);
		await page.getByLabel('Type the new password again').fill(me.password);
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
		await expect(page.getByText('waits in the outbox')).toBeVisible();
		await expectAccessible();

		// Not confirmed yet: signing in says so.
		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill(me.email);
		await page.getByLabel('Password', { exact: true }).fill(me.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText("isn't confirmed yet");
		await expectAccessible();

		const confirm = await linkFromOutbox(page, me.email, /Confirm your email address/);
		await page.goto(confirm);
		await expectAccessible();
		await page.getByRole('button', { name: 'Confirm my email address' }).click();
		// Confirming does not sign in: the link is not a password.
		await expect(page.getByRole('status')).toHaveText('Thank you, your email address is confirmed. Sign in to carry on.');
		await expectAccessible();
		await page.getByLabel('Email address').fill(me.email);
		await page.getByLabel('Password', { exact: true }).fill(me.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByText(`Signed in as ${me.email}.`)).toBeVisible();
		await expectAccessible();
		await page.goto('/practice');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText("You don't have access to this page");
		await expectAccessible();
		await signOut(page, expectAccessible);
		await page.goto('/practice');
		await expect(page).toHaveURL(/\/sign-in\?next=%2Fpractice/);
		await expectAccessible();
	});

	test.describe('a role by invitation', () => {
		// One newcomer, invited by the admin in the first test and accepting in the second.
		test.describe.configure({ mode: 'serial' });
		let newcomer: { email: string; password: string };
		let invitation: string;

		test('the admin invites a confirmed newcomer as a practitioner; the invitation arrives by mail', async ({ page, expectAccessible }) => {
			newcomer = await confirmedAccount(page, 'invited', 'kettle river lantern');
			await switchTo(page, admin);
			await page.goto('/admin');
			await expectAccessible();
			await page.getByLabel('Email address').fill(newcomer.email.toUpperCase());
			await page.getByLabel('practitioner').check();
			await page.getByRole('button', { name: 'Send the invitation' }).click();
			await expect(page.getByRole('status')).toContainText(`Invitation sent to ${newcomer.email}`);
			await expect(page.getByRole('row', { name: new RegExp(newcomer.email) })).toContainText('Waiting');
			await expectAccessible();
			invitation = await linkFromOutbox(page, newcomer.email, /invited to join What Matters as a practitioner/);
		});

		test('opened signed out, the invitation goes through sign-in, is accepted once, and gives that role only', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(403).add(400);
			// Opening it signed out goes through sign-in and comes back.
			await page.goto(invitation);
			await expect(page).toHaveURL(/\/sign-in\?next=/);
			await expect(page.getByText('with the email address the invitation was sent to')).toBeVisible();
			await expectAccessible();
			await page.getByLabel('Email address').fill(newcomer.email);
			await page.getByLabel('Password', { exact: true }).fill(newcomer.password);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await expect(page).toHaveURL(/\/invitations\//);
			await expectAccessible();
			await page.getByRole('button', { name: 'Accept the invitation' }).click();
			await expect(page.getByRole('status')).toContainText('Your new role: practitioner');
			await expectAccessible();
			await page.getByRole('link', { name: 'Carry on' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practice');
			await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Practice' })).toBeVisible();
			await expectAccessible();

			// Using the invitation again is refused, kindly.
			await page.goto(invitation);
			await page.getByRole('button', { name: 'Accept the invitation' }).click();
			await expect(page.getByRole('alert')).toHaveText('This invitation has already been accepted.');
			await expectAccessible();

			await page.goto('/moderation');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText("You don't have access to this page");
			await expectAccessible();
		});
	});

	test('bad input gets a clear message and keeps what was typed, except passwords', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		await page.goto('/sign-up');
		await page.getByLabel('Email address').fill('not-an-email');
		await page.getByLabel('Your name (optional)').fill('Rhys');
		await page.getByLabel('New password', { exact: true }).fill('password123');
		await page.getByLabel('Type the new password again').fill('password123');
		await page.getByRole('button', { name: 'Create account' }).click();
		const summary = page.getByRole('alert');
		await expect(summary).toContainText('Enter an email address like name@example.org');
		await expect(summary).toContainText('one of the most common');
		await expect(summary).toBeFocused();
		await expect(page.getByLabel('Email address')).toHaveValue('not-an-email');
		await expect(page.getByLabel('Your name (optional)')).toHaveValue('Rhys');
		await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');
		await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible();

		// A summary link takes the keyboard to the field.
		await summary.getByRole('link', { name: /Enter an email address/ }).click();
		await expect(page.getByLabel('Email address')).toBeFocused();

		// Wrong password: no hint whether the account exists.
		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill('nobody-here@example.org');
		await page.getByLabel('Password', { exact: true }).fill('whatever it is');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText("don't match an account");
		await expect(page.getByLabel('Email address')).toHaveValue('nobody-here@example.org');
		await expectAccessible();
	});

	test('a form posted to a role page is refused without the role, whatever the page shows', async ({ page }) => {
		const form = { form: { email: 'someone@example.org', role: 'moderator' }, headers: { origin, accept: 'text/html' } };
		expect((await page.request.post('/admin?/invite', form)).status()).toBe(401);
		await signedIn(page, { email: 'person@demo.example.org', password: 'wm-demo-person' });
		expect((await page.request.post('/admin?/invite', form)).status()).toBe(403);
		expect((await page.request.post('/moderation', form)).status()).toBe(403);
	});

	for (const [who, path, heading] of [
		// The planner's page: tests/e2e/planning.test.ts, in Welsh on a small phone too.
		['moderator', '/moderation', 'Moderation'],
		['practitioner', '/practice', 'Practice']
	] as const) {
		test(`the demo ${who} reaches ${path}, on a small phone and in Welsh`, async ({ page, expectAccessible }) => {
			await page.setViewportSize({ width: 360, height: 740 });
			const demo = { email: `${who}@demo.example.org`, password: `wm-demo-${who}` };
			// The sign-in page at this width is checked once; the other role signs in directly.
			if (who === 'moderator') await signIn(page, demo, expectAccessible);
			else {
				await signedIn(page, demo);
				await page.goto('/account');
				await expectAccessible();
			}
			await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: heading }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
			expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
			await expectAccessible();
			await page.goto(`/cy${path}`);
			await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(heading);
			await expectAccessible();
		});
	}

	test('in Welsh, and without JavaScript', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/cy/sign-in');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mewngofnodi');
		await page.getByLabel('Cyfeiriad e-bost').fill(owner.email);
		await page.getByLabel('Cyfrinair').fill(owner.password);
		await page.getByRole('button', { name: 'Mewngofnodi' }).click();
		await expect(page).toHaveURL(/\/cy\/account/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eich cyfrif');
		await page.getByRole('button', { name: 'Allgofnodi' }).first().click();
		await expect(page.getByText('Rydych chi wedi allgofnodi.')).toBeVisible();
		await context.close();
	});

	test('a forgotten password is reset once; the link cannot be used twice', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		// The demo person's password changes here, so this test uses its own account.
		const me = { email: unique('forgetful'), password: 'first long password' };
		await signedUp(page, me);

		await page.goto('/forgot-password');
		await expectAccessible();
		await page.getByLabel('Email address').fill(me.email);
		await page.getByRole('button', { name: 'Send the link' }).click();
		await expect(page.getByRole('status')).toContainText(`If there is an account for ${me.email}`);
		await expectAccessible();

		const reset = await linkFromOutbox(page, me.email, /Reset your What Matters password/);
		await page.goto(reset);
		await expectAccessible();
		await page.getByLabel('New password', { exact: true }).fill('second long password');
		await page.getByLabel('Type the new password again').fill('second long password');
		await page.getByRole('button', { name: 'Save the new password' }).click();
		await expect(page.getByRole('status')).toContainText('Your new password is saved');
		await expectAccessible();
		await signOut(page, expectAccessible);

		await page.goto(reset);
		await expect(page.getByRole('alert')).toContainText('already been used');
		await expectAccessible();
		await signIn(page, { email: me.email, password: 'second long password' }, expectAccessible);
	});

	test('an owner invites an editor and withdraws the invitation', async ({ page, expectAccessible }) => {
		const editor = unique('editor');
		await signedIn(page, owner);
		await page.goto('/account');
		await expectAccessible();
		await follow(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Your groups' }));
		await expectAccessible();
		await page.locator('main li a').first().click();
		await expect(page.getByText('Your role in this group: owner.')).toBeVisible();
		await expectAccessible();
		await page.getByRole('link', { name: 'People and invitations' }).click();
		await expect(page.getByRole('row', { name: /Demo group editor/ })).toBeVisible();
		await expectAccessible();
		await page.getByLabel('Email address').fill(editor);
		await page.getByRole('button', { name: 'Send the invitation' }).click();
		await expect(page.getByRole('status')).toContainText(`Invitation sent to ${editor}`);
		await expectAccessible();
		await page.getByRole('button', { name: `Withdraw the invitation to ${editor}` }).click();
		await expect(page.getByRole('status')).toContainText('The invitation is withdrawn');
		await expect(page.getByRole('row', { name: new RegExp(editor) })).toContainText('Withdrawn');
		await expectAccessible();
	});

	test('someone deletes their account and can no longer sign in', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		const me = await confirmedAccount(page, 'leaving', 'a long goodbye phrase');
		await page.goto('/account');
		await expect(page.getByText(`Signed in as ${me.email}.`)).toBeVisible();
		await expectAccessible();

		const download = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Download my information (JSON)' }).click();
		const file = await (await download).path();
		const data = JSON.parse(await (await import('node:fs/promises')).readFile(file!, 'utf8'));
		expect(data.account.email).toBe(me.email);

		await page.getByRole('link', { name: 'Delete my account' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account');
		await expectAccessible();
		await page.getByLabel('Your current password').fill(me.password);
		await page.getByRole('button', { name: 'Delete my account' }).click();
		await expect(page.getByRole('alert')).toContainText('Tick the box');
		await page.getByLabel('Your current password').fill(me.password);
		await page.getByLabel('I want to delete my account').check();
		await page.getByRole('button', { name: 'Delete my account' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account has been deleted');
		await expectAccessible();

		await page.goto('/sign-in');
		await page.getByLabel('Email address').fill(me.email);
		await page.getByLabel('Password', { exact: true }).fill(me.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText("don't match an account");
		await expectAccessible();
	});
});
