-- Groups and moderation (20261122000007_groups_and_moderation.sql): registering a group, claims,
-- listing reports, the audit log, the offer guard's moderator-only columns and review bookkeeping,
-- and review reminders, as anon, signed-in people, group members, moderators and the server.
-- Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act(), attempt() and hint_of() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role, no group); own_a, ed_a (owner and editor of A, own_a writes Welsh);
--   own_b (owner of B); moder (moderator); admin; service_role; owner (back to the session's role).
-- Fixtures (inserted as the owner; labels in pg_temp.fx):
--   A published, verified, link problem   offers oA (published, link problem), oA_draft, oA_hidden (hidden,
--                                         with a moderation note), oA_stale (reviewed 8 months ago, three
--                                         reminders, out of date for a week); location LA; schedule sA
--   B published, not verified             offers oB (published, approved), oB_draft (never approved)
--   C published, nobody's, own address    offer oC (published)
--   P pending, nobody's
--   reports rA_none (none's, about oA), rA_anon (anonymous, about oA, with a reply address), rB (own_a's, about oB);
--   new reports come only through submit_listing_report()
--   claim cl_none: none claims C, pending
--
-- Everything happens in one transaction, so now() never moves: the reminder part passes a gap of
-- -1 second, which makes "last reminder before now() - gap" true at once (the vitest tests use a
-- 0-second gap across real transactions).

begin;
create extension if not exists pgtap with schema extensions;
select plan(129);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- What the API roles may do with the new tables and functions at all

select ok((select bool_and(c.relrowsecurity) and count(*) = 3 from pg_class c
           where c.oid in ('public.organisation_claims'::regclass, 'public.listing_reports'::regclass, 'public.audit_log'::regclass)),
  'organisation_claims, listing_reports and audit_log have row-level security');
select is_empty(
  $$ select t || ' (' || r || ')' from unnest(array['public.organisation_claims', 'public.listing_reports', 'public.audit_log']) t,
       unnest(array['anon', 'authenticated']) r where has_table_privilege(r, t, 'TRUNCATE') $$,
  'anon and authenticated cannot truncate the new tables');
select is_empty(
  $$ select r || ' ' || p from unnest(array['anon', 'authenticated', 'service_role']) r, unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
     where has_table_privilege(r, 'public.audit_log', p) $$,
  'nobody writes the audit log, not even service_role (only its triggers do)');
select is_empty(
  $$ select r || ' ' || p from unnest(array['anon', 'authenticated']) r, unnest(array['INSERT', 'UPDATE', 'DELETE']) p
     where has_table_privilege(r, 'public.listing_reports', p)
        or has_any_column_privilege(r, 'public.listing_reports', 'INSERT')
        or has_any_column_privilege(r, 'public.listing_reports', 'UPDATE') and r = 'anon' $$,
  'anon and authenticated neither insert reports (submit_listing_report() does), update them as a table, nor delete them');
select ok(not has_any_column_privilege('anon', 'public.listing_reports', 'SELECT'), 'anon reads no column of a report');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.listing_reports'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.listing_reports', attname, 'SELECT') order by 1),
  array['created_at', 'id', 'kind', 'message', 'moderated_at', 'offer_id', 'reason', 'reporter_id', 'responded_at', 'response', 'status', 'wants_reply'],
  'authenticated reads only the public columns of a report (not reply_email, reply_language, sender_hash, responded_by, answer_mailed_at)');
select results_eq(
  $$ select c, has_column_privilege('authenticated', 'public.listing_reports', c, 'UPDATE')
       from unnest(array['status', 'response', 'moderated_at', 'responded_by', 'responded_at', 'message', 'reporter_id',
                         'reply_email', 'sender_hash', 'answer_mailed_at']) c $$,
  $$ values ('status', true), ('response', true), ('moderated_at', true), ('responded_by', false), ('responded_at', false), ('message', false),
            ('reporter_id', false), ('reply_email', false), ('sender_hash', false), ('answer_mailed_at', false) $$,
  'authenticated updates only the status, response and moderators'' mark of a report');
select ok(not has_any_column_privilege('authenticated', 'public.organisation_claims', 'UPDATE')
          and not has_any_column_privilege('anon', 'public.organisation_claims', 'UPDATE'),
  'nobody updates a claim directly');
select results_eq(
  $$ select r, has_function_privilege(r, 'public.review_reminders_due(interval, interval)', 'EXECUTE'),
            has_function_privilege(r, 'public.register_organisation(text, text, text, text, text, text, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.decide_claim(uuid, boolean, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.submit_listing_report(uuid, text, text, text, text, text, text)', 'EXECUTE')
       from unnest(array['anon', 'authenticated', 'service_role']) r $$,
  $$ values ('anon', false, false, false, true), ('authenticated', false, true, true, true), ('service_role', true, true, true, true) $$,
  'review_reminders_due is the server''s; register_organisation and decide_claim need a sign-in; anyone submits a report');
select ok((select p.prosecdef from pg_proc p where p.oid = 'public.submit_listing_report(uuid, text, text, text, text, text, text)'::regprocedure),
  'submit_listing_report() is security definer (it inserts what its callers may not)');

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('none',   'a1000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('own_a',  'a1000000-0000-4000-8000-000000000002', 'owner.a@example.org'),
  ('ed_a',   'a1000000-0000-4000-8000-000000000003', 'editor.a@example.org'),
  ('own_b',  'a1000000-0000-4000-8000-000000000004', 'owner.b@example.org'),
  ('moder',  'a1000000-0000-4000-8000-000000000005', 'moder@example.org'),
  ('admin',  'a1000000-0000-4000-8000-000000000006', 'admin@example.org'),
  ('A',      'b1000000-0000-4000-8000-00000000000a', null),
  ('B',      'b1000000-0000-4000-8000-00000000000b', null),
  ('C',      'b1000000-0000-4000-8000-00000000000c', null),
  ('P',      'b1000000-0000-4000-8000-00000000000d', null),
  ('LA',     'c1000000-0000-4000-8000-0000000000a1', null),
  ('oA',        'd1000000-0000-4000-8000-0000000000a1', null),
  ('oA_draft',  'd1000000-0000-4000-8000-0000000000a2', null),
  ('oA_hidden', 'd1000000-0000-4000-8000-0000000000a3', null),
  ('oA_stale',  'd1000000-0000-4000-8000-0000000000a4', null),
  ('oB',        'd1000000-0000-4000-8000-0000000000b1', null),
  ('oB_draft',  'd1000000-0000-4000-8000-0000000000b2', null),
  ('oC',        'd1000000-0000-4000-8000-0000000000c1', null),
  ('sA',      'e1000000-0000-4000-8000-0000000000a1', null),
  ('rA_none', 'f3000000-0000-4000-8000-000000000001', null),
  ('rA_anon', 'f3000000-0000-4000-8000-000000000002', null),
  ('rB',      'f3000000-0000-4000-8000-000000000003', null),
  ('cl_none', 'f4000000-0000-4000-8000-000000000001', null);

create function pg_temp.label(id uuid) returns text
  language sql stable as $$ select coalesce((select f.label from pg_temp.fx f where f.id = $1), $1::text) $$;

insert into auth.users (id, email) select id, email from fx where email is not null;
update public.profiles set language = 'cy' where id = pg_temp.id('own_a');
insert into public.user_roles (user_id, role) values (pg_temp.id('moder'), 'moderator'), (pg_temp.id('admin'), 'admin');
insert into public.organisations (id, name, status, verified_at, email, website, link_problem) values
  (pg_temp.id('A'), 'Group A', 'published', now(), 'group.a@example.org', 'https://a.example.org', 'Timed out'),
  (pg_temp.id('B'), 'Group B', 'published', null, null, null, null),
  (pg_temp.id('C'), 'Group C', 'published', null, 'group.c@example.org', null, null),
  (pg_temp.id('P'), 'Group P', 'pending', null, null, null, null);
insert into public.organisation_members (organisation_id, user_id, role) values
  (pg_temp.id('A'), pg_temp.id('own_a'), 'owner'),
  (pg_temp.id('A'), pg_temp.id('ed_a'), 'editor'),
  (pg_temp.id('B'), pg_temp.id('own_b'), 'owner');
insert into public.locations (id, organisation_id, name, lat, lng) values (pg_temp.id('LA'), pg_temp.id('A'), 'Church hall', 51.6, -3.3);
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status, website) values
  (pg_temp.id('oA'),       pg_temp.id('A'), 'Tuesday walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published', 'https://walk.example.org'),
  (pg_temp.id('oA_draft'), pg_temp.id('A'), 'Lunch club', 'lunch_club', 'free', 'drop_in', 'in_person', 'draft', null),
  (pg_temp.id('oB'),       pg_temp.id('B'), 'Peer support', 'peer_support', 'free', 'drop_in', 'in_person', 'published', null),
  (pg_temp.id('oB_draft'), pg_temp.id('B'), 'Craft circle', 'arts_and_crafts', 'free', 'drop_in', 'in_person', 'draft', null),
  (pg_temp.id('oC'),       pg_temp.id('C'), 'Coffee morning', 'activity', 'free', 'drop_in', 'in_person', 'published', null);
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status, approved_at, moderation_note) values
  (pg_temp.id('oA_hidden'), pg_temp.id('A'), 'Hidden offer', 'activity', 'free', 'drop_in', 'in_person', 'hidden', now() - interval '30 days', 'Misleading title');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status,
                           last_reviewed_at, reminders_sent, last_reminder_at, out_of_date_since) values
  (pg_temp.id('oA_stale'), pg_temp.id('A'), 'Stale offer', 'activity', 'free', 'drop_in', 'in_person', 'published',
   now() - interval '8 months', 3, now() - interval '3 weeks', now() - interval '7 days');
update public.offers set link_problem = 'HTTP 404' where id = pg_temp.id('oA');
insert into public.offer_outcomes (offer_id, outcome_id) values (pg_temp.id('oA'), 'seeing-people');
insert into public.offer_locations (offer_id, location_id) values (pg_temp.id('oA'), pg_temp.id('LA'));
insert into public.schedules (id, offer_id, freq, byday, opens_at, closes_at) values
  (pg_temp.id('sA'), pg_temp.id('oA'), 'WEEKLY', '{TU}', '10:00', '12:00');
insert into public.listing_reports (id, offer_id, kind, reason, message, reporter_id, sender_hash, reply_email) values
  (pg_temp.id('rA_none'), pg_temp.id('oA'), 'problem', 'not_running', 'It stopped in May', pg_temp.id('none'), repeat('a1', 32), null),
  (pg_temp.id('rA_anon'), pg_temp.id('oA'), 'suggestion', 'unclear', 'Which door?', null, repeat('a2', 32), 'door@example.org'),
  (pg_temp.id('rB'), pg_temp.id('oB'), 'problem', 'contact_wrong', 'Wrong number', pg_temp.id('own_a'), repeat('a3', 32), null);
insert into public.organisation_claims (id, organisation_id, user_id, message) values
  (pg_temp.id('cl_none'), pg_temp.id('C'), pg_temp.id('none'), 'I run Group C');

-- ---------------------------------------------------------------------------------------------
-- register_organisation()

select pg_temp.act('anon');
select throws_ok($$ select public.register_organisation('Sneaky group', 'About') $$, '42501', null, 'anon cannot register a group');
select pg_temp.act('none');
select lives_ok($$ select public.register_organisation('Walkers 1', 'We walk', email => 'walkers@example.org') $$,
  'a signed-in person registers a group');
select results_eq($$ select o.status, o.verified_at is null, m.role from public.organisations o
                     join public.organisation_members m on m.organisation_id = o.id and m.user_id = auth.uid() where o.name = 'Walkers 1' $$,
  $$ values ('pending', true, 'owner') $$, '… which is pending, unverified, and theirs to own');
select throws_ok($$ update public.organisations set status = 'published' where name = 'Walkers 1' $$,
  '42501', 'Only a moderator can publish an organisation', 'the registrant cannot publish it');
select throws_ok($$ update public.organisations set verified_at = now() where name = 'Walkers 1' $$,
  '42501', 'Only a moderator can verify an organisation', 'the registrant cannot verify it');
select lives_ok($$ select public.register_organisation('Walkers ' || n, 'We walk') from generate_series(2, 5) n $$,
  'four more groups waiting for review are fine');
select is(pg_temp.hint_of($$ select public.register_organisation('Walkers 6', 'We walk') $$),
  'too_many_pending', 'the sixth group registered within a day is refused: too_many_pending');
select lives_ok($$ update public.organisations set status = 'draft' where name = 'Walkers 1' $$, 'the registrant takes one back to draft');
select is(pg_temp.hint_of($$ select public.register_organisation('Walkers 6', 'We walk') $$),
  'too_many_pending', '… which makes no room: every group registered in the last day counts');
select pg_temp.act('owner');
update public.organisation_members set created_at = now() - interval '25 hours' where user_id = pg_temp.id('none');
select pg_temp.act('none');
select lives_ok($$ select public.register_organisation('Walkers 6', 'We walk') $$, 'a day later there is room again');
select pg_temp.act('anon');
select is_empty($$ select id from public.organisations where name like 'Walkers %' $$, 'anon does not see pending groups');

-- ---------------------------------------------------------------------------------------------
-- The offer guard: other groups, publishing, moderator-only columns, reviews, links

select pg_temp.act('own_b');
select is(pg_temp.attempt($$ update public.offers set title_en = 'Defaced' where id = pg_temp.id('oA') $$),
  '0', 'a member of B cannot update A''s offer');
select is(pg_temp.attempt($$ delete from public.offers where id = pg_temp.id('oA') $$), '0', '… nor delete it');
select is(pg_temp.attempt($$ update public.locations set name = 'Defaced' where id = pg_temp.id('LA') $$), '0', '… nor update A''s location');
select is(pg_temp.attempt($$ delete from public.schedules where id = pg_temp.id('sA') $$), '0', '… nor delete A''s schedule');
select is_empty($$ select id from public.offers where id in (pg_temp.id('oA_draft'), pg_temp.id('oA_hidden')) $$,
  '… nor read A''s draft and hidden offers');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, status)
                    values (pg_temp.id('B'), 'Straight out', 'activity', 'free', 'drop_in', 'online', 'published') $$,
  '42501', 'Only a moderator can publish an offer of an unverified organisation', 'a member of unverified B cannot insert a published offer');
select throws_ok($$ update public.offers set status = 'published' where id = pg_temp.id('oB_draft') $$,
  '42501', 'Only a moderator can publish an offer of an unverified organisation', '… nor publish a draft no moderator approved');
select lives_ok($$ update public.offers set status = 'paused' where id = pg_temp.id('oB') $$, '… but pauses an approved offer');
select is_empty($$ select 1 from public.offer_search where offer_id = pg_temp.id('oB') $$, 'a paused offer is not searchable');
select lives_ok($$ update public.offers set status = 'published' where id = pg_temp.id('oB') $$, '… and resumes it');
select isnt_empty($$ select 1 from public.offer_search where offer_id = pg_temp.id('oB') $$, 'a resumed offer is searchable again');

select pg_temp.act('own_a');
select throws_ok($$ update public.offers set status = 'hidden' where id = pg_temp.id('oA') $$,
  '42501', 'Only a moderator can hide an offer or bring it back', 'a member cannot hide an offer');
select throws_ok($$ update public.offers set status = 'published' where id = pg_temp.id('oA_hidden') $$,
  '42501', 'Only a moderator can hide an offer or bring it back', 'a member cannot bring back a hidden offer');
select throws_ok($$ update public.offers set moderation_note = null where id = pg_temp.id('oA_hidden') $$,
  '42501', 'Only a moderator can change that', 'a member cannot clear the moderation note');
select throws_ok($$ update public.offers set approved_at = now() where id = pg_temp.id('oA_draft') $$,
  '42501', 'Only a moderator can change that', 'a member cannot set approved_at');
select throws_ok($$ update public.offers set reminders_sent = 0 where id = pg_temp.id('oA_stale') $$,
  '42501', 'Only a moderator can change that', 'a member cannot reset reminders_sent');
select throws_ok($$ update public.offers set out_of_date_since = null where id = pg_temp.id('oA_stale') $$,
  '42501', 'Only a moderator can change that', 'a member cannot clear out_of_date_since');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, moderation_note)
                    values (pg_temp.id('A'), 'New', 'activity', 'free', 'drop_in', 'online', 'Approved') $$,
  '42501', 'Only a moderator can set that', 'a member cannot insert an offer with a moderation note');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, status_before_hidden)
                    values (pg_temp.id('A'), 'New', 'activity', 'free', 'drop_in', 'online', 'published') $$,
  '42501', 'Only a moderator can set that', '… nor with a status from before hiding');
select throws_ok($$ update public.offers set status_before_hidden = 'published' where id = pg_temp.id('oA_hidden') $$,
  '42501', 'Only a moderator can change that', 'a member cannot set what a hidden offer returns to');
select throws_ok($$ update public.offers set created_at = created_at - interval '1 year' where id = pg_temp.id('oA') $$,
  '42501', 'Only a moderator can change that', 'a member cannot backdate an offer''s creation');
select throws_ok($$ update public.offers set organisation_id = pg_temp.id('C') where id = pg_temp.id('oA') $$,
  '42501', 'An offer stays with its organisation', 'a member cannot move an offer to another organisation');
select throws_ok($$ update public.organisations set link_problem = null where id = pg_temp.id('A') $$,
  '42501', 'Only a moderator can change that', 'a member cannot clear their organisation''s link problem');
select throws_ok($$ update public.organisations set created_at = created_at - interval '1 year' where id = pg_temp.id('A') $$,
  '42501', 'Only a moderator can change that', '… nor backdate its creation');
select lives_ok($$ update public.offers set description_en = 'Now on Wednesdays' where id = pg_temp.id('oA_stale') $$,
  'a member edits the stale offer');
select results_eq($$ select last_reviewed_at = now(), reminders_sent, last_reminder_at is null, out_of_date_since is null
                     from public.offers where id = pg_temp.id('oA_stale') $$,
  $$ values (true, 0::smallint, true, true) $$, '… which is a review: reviewed now, reminders and "out of date" cleared');
select results_eq($$ select out_of_date from public.offer_search where offer_id = pg_temp.id('oA_stale') $$,
  $$ values (false) $$, '… and search shows it as current');
select results_eq($$ with u as (update public.offers set last_reviewed_at = now() - interval '1 year' where id = pg_temp.id('oA')
                               returning last_reviewed_at = now() as reviewed_now) select reviewed_now from u $$,
  $$ values (true) $$, 'a member who backdates a review gets now()');
select results_eq($$ with u as (update public.offers set website = 'https://new.example.org' where id = pg_temp.id('oA') returning link_problem)
                     select link_problem from u $$,
  $$ values (null::text) $$, 'a new website clears the offer''s link problem');
select pg_temp.act('ed_a');
select lives_ok($$ update public.offers set status = 'published' where id = pg_temp.id('oA_draft') $$,
  'a member of verified A publishes a draft at once');
select isnt_empty($$ select 1 from public.offer_search where offer_id = pg_temp.id('oA_draft') $$, '… and it is searchable');
select pg_temp.act('moder');
select is(pg_temp.attempt($$ update public.offers set status = 'hidden', moderation_note = 'Closed?' where id = pg_temp.id('oA') $$),
  '1', 'a moderator hides an offer with a note');
select is(pg_temp.attempt($$ update public.offers set status = 'published' where id = pg_temp.id('oB_draft') $$),
  '1', 'a moderator publishes an offer of unverified B');
select pg_temp.act('own_a');
select throws_ok($$ insert into public.schedules (offer_id, freq, byday, opens_at, closes_at, except_months)
                    values (pg_temp.id('oA'), 'WEEKLY', '{MO}', '10:00', '11:00', '{13}') $$,
  '23514', null, 'except_months outside 1–12 is refused');
select lives_ok($$ insert into public.schedules (offer_id, freq, byday, opens_at, closes_at, except_months)
                   values (pg_temp.id('oA'), 'WEEKLY', '{MO}', '10:00', '11:00', '{1,8,12}') $$,
  'except_months within 1–12 is kept');

-- ---------------------------------------------------------------------------------------------
-- organisation_claims

select pg_temp.act('none');
select lives_ok($$ insert into public.organisation_claims (organisation_id, message) values (pg_temp.id('B'), 'We run B now') $$,
  'a signed-in person claims a published group');
select throws_ok($$ insert into public.organisation_claims (organisation_id, message) values (pg_temp.id('P'), 'Ours') $$,
  '42501', null, '… not a pending one');
select throws_ok($$ insert into public.organisation_claims (organisation_id, user_id, message) values (pg_temp.id('A'), pg_temp.id('own_b'), 'Theirs') $$,
  '42501', null, '… not for someone else');
select throws_ok($$ insert into public.organisation_claims (organisation_id, message) values (pg_temp.id('C'), 'Again') $$,
  '23505', null, '… and once per group while a claim is pending');
select set_eq($$ select pg_temp.label(organisation_id) || ':' || status from public.organisation_claims $$,
  array['C:pending', 'B:pending'], 'the claimant reads their own claims');
select throws_ok($$ update public.organisation_claims set status = 'approved' $$, '42501', null, 'the claimant cannot approve their claim');
select throws_ok($$ select public.decide_claim(pg_temp.id('cl_none'), true) $$,
  '42501', 'Only a moderator can decide a claim', 'nor decide it');
select pg_temp.act('own_a');
select throws_ok($$ insert into public.organisation_claims (organisation_id, message) values (pg_temp.id('A'), 'Mine') $$,
  '42501', null, 'a member does not claim their own group');
select pg_temp.act('own_b');
select is_empty($$ select id from public.organisation_claims $$, 'the owner of the claimed group does not read the claims');
select pg_temp.act('moder');
select is((select count(*)::int from public.organisation_claims where user_id = pg_temp.id('none')), 2, 'a moderator reads the claims');
select lives_ok($$ select public.decide_claim(pg_temp.id('cl_none'), false, '  Please send the charity number ') $$, 'a moderator rejects a claim');
select is(pg_temp.hint_of($$ select public.decide_claim(pg_temp.id('cl_none'), true) $$), 'claim_decided', 'deciding it again: claim_decided');
select lives_ok($$ select public.decide_claim(id, true) from public.organisation_claims where organisation_id = pg_temp.id('B') and status = 'pending' $$,
  'a moderator approves the claim on B');
select pg_temp.act('none');
select results_eq($$ select status, decision_note, decided_by from public.organisation_claims where id = pg_temp.id('cl_none') $$,
  $$ values ('rejected', 'Please send the charity number', pg_temp.id('moder')) $$, 'the claimant reads the rejection and its note');
select results_eq($$ select role from public.organisation_members where organisation_id = pg_temp.id('B') and user_id = auth.uid() $$,
  $$ values ('owner') $$, 'the approved claimant owns B');

select pg_temp.act('owner');
insert into public.organisations (name, status) select 'Claimable ' || n, 'published' from generate_series(1, 6) n;
select pg_temp.act('ed_a');
select lives_ok($$ insert into public.organisation_claims (organisation_id, message)
                   select id, 'Ours' from public.organisations where name in ('Claimable 1', 'Claimable 2', 'Claimable 3', 'Claimable 4', 'Claimable 5') $$,
  'a person has five claims pending');
select throws_ok($$ insert into public.organisation_claims (organisation_id, message) select id, 'Ours' from public.organisations where name = 'Claimable 6' $$,
  '42501', null, '… and no sixth');
select lives_ok($$ delete from public.organisation_claims where user_id = auth.uid() and organisation_id = (select id from public.organisations where name = 'Claimable 1') $$,
  'withdrawing one');
select lives_ok($$ insert into public.organisation_claims (organisation_id, message) select id, 'Ours' from public.organisations where name = 'Claimable 6' $$,
  '… makes room for another');

-- ---------------------------------------------------------------------------------------------
-- listing_reports

select pg_temp.act('anon');
select lives_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'not_running', 'Closed', '  reply@example.org ', 'cy', repeat('c1', 32)) $$,
  'anon reports a published offer through submit_listing_report()');
select throws_ok($$ insert into public.listing_reports (offer_id, kind, reason, sender_hash) values (pg_temp.id('oC'), 'problem', 'not_running', repeat('c1', 32)) $$,
  '42501', null, '… and cannot insert one directly');
select is(pg_temp.hint_of($$ select public.submit_listing_report(pg_temp.id('oA_hidden'), 'problem', 'not_running', '', null, 'en', repeat('c1', 32)) $$),
  'offer_not_found', '… nor report a hidden offer: offer_not_found');
select is(pg_temp.hint_of($$ select public.submit_listing_report('00000000-0000-4000-8000-000000000000', 'problem', 'not_running', '', null, 'en', repeat('c1', 32)) $$),
  'offer_not_found', '… nor one that does not exist');
select throws_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'not_running', '', null, 'en', 'not a hash') $$,
  '23514', null, 'a sender_hash that is not 64 hex digits is refused');
select throws_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'not_running', '', null, 'en', null) $$,
  '23502', null, '… and so is none');
select throws_ok($$ select id from public.listing_reports $$, '42501', null, 'anon reads no reports at all');
select pg_temp.act('owner');
select results_eq($$ select reporter_id is null, status, message, reply_email, reply_language, wants_reply from public.listing_reports
                     where sender_hash = repeat('c1', 32) $$,
  $$ values (true, 'open', 'Closed', 'reply@example.org', 'cy', true) $$, 'the anonymous report is stored open, without a reporter, with its reply address trimmed');
select pg_temp.act('none');
select lives_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'suggestion', 'unclear', 'Say where', null, 'en', repeat('c2', 32)) $$,
  'a signed-in person reports a published offer');
select throws_ok($$ insert into public.listing_reports (offer_id, kind, reason, response, sender_hash) values (pg_temp.id('oC'), 'problem', 'unclear', 'Sorted', repeat('c2', 32)) $$,
  '42501', null, '… and cannot insert one directly, with a response');
select set_eq($$ select case when pg_temp.label(id) = id::text then 'new about ' || pg_temp.label(offer_id) else pg_temp.label(id) end
                   from public.listing_reports $$, array['rA_none', 'rB', 'new about oC'],
  'the sender reads their own reports (the new one in their name), and (owning B since their claim) B''s, not A''s others');
select throws_ok($$ select * from public.listing_reports $$, '42501', null, '… but not every column of them');
select pg_temp.act('own_b');
select set_eq($$ select pg_temp.label(id) from public.listing_reports $$, array['rB'], 'a member of B reads only B''s reports');
select is(pg_temp.attempt($$ update public.listing_reports set status = 'resolved' where id = pg_temp.id('rA_anon') $$),
  '0', '… and cannot answer A''s');
select pg_temp.act('own_a');
select results_eq($$ select wants_reply from public.listing_reports where id = pg_temp.id('rA_anon') $$, $$ values (true) $$,
  'the group sees that the sender would like an answer');
select throws_ok($$ select reply_email from public.listing_reports where id = pg_temp.id('rA_anon') $$, '42501', null, '… not where to send it');
select lives_ok($$ update public.listing_reports set status = 'resolved', response = 'Fixed the times' where id = pg_temp.id('rA_anon') $$,
  'a member of A answers a report about A''s offer');
select results_eq($$ select responded_at = now(), moderated_at is null from public.listing_reports where id = pg_temp.id('rA_anon') $$,
  $$ values (true, true) $$, '… the database records when, and the report stays on the moderators'' queue');
select throws_ok($$ select responded_by from public.listing_reports where id = pg_temp.id('rA_anon') $$, '42501', null, '… who answered is for the server to read');
select throws_ok($$ update public.listing_reports set responded_by = pg_temp.id('moder') where id = pg_temp.id('rA_anon') $$,
  '42501', null, 'nobody writes responded_by');
select throws_ok($$ update public.listing_reports set moderated_at = now() where id = pg_temp.id('rA_anon') $$,
  '42501', 'Only a moderator can mark a report as seen by moderators', 'a member cannot take a report off the moderators'' queue');
select pg_temp.act('owner');
select results_eq($$ select responded_by from public.listing_reports where id = pg_temp.id('rA_anon') $$,
  $$ values (pg_temp.id('own_a')) $$, 'the database recorded who answered');
select pg_temp.act('moder');
select results_eq($$ with u as (update public.listing_reports set moderated_at = now() where id = pg_temp.id('rA_anon') returning moderated_at = now() as now)
                     select now from u $$, $$ values (true) $$, 'a moderator marks the report as seen');
select throws_ok($$ delete from public.listing_reports where id = pg_temp.id('rB') $$, '42501', null, 'not even a moderator deletes a report');

-- The limits: 10 an hour from one sender, 20 an hour about one offer.
select pg_temp.act('anon');
select lives_ok($$ select public.submit_listing_report(case when n % 2 = 0 then pg_temp.id('oB') else pg_temp.id('oA_stale') end,
                          'problem', 'unclear', '', null, 'en', repeat('d1', 32)) from generate_series(1, 10) n $$,
  'one sender reports ten times in an hour');
select is(pg_temp.hint_of($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'unclear', '', null, 'en', repeat('d1', 32)) $$),
  'too_many_reports', '… and the eleventh is refused: too_many_reports');
select lives_ok($$ select public.submit_listing_report(pg_temp.id('oA_stale'), 'problem', 'unclear', '', null, 'en', repeat('d2', 32)) $$,
  'another sender is not held up');
select lives_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'unclear', '', null, 'en', lpad(to_hex(n), 64, '0'))
                     from generate_series(1, 18) n $$,
  'eighteen more senders report oC');
select pg_temp.act('owner');
select is((select count(*)::int from public.listing_reports where offer_id = pg_temp.id('oC')), 20, '… which makes twenty reports about it this hour');
select pg_temp.act('anon');
select is(pg_temp.hint_of($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'unclear', '', null, 'en', repeat('d3', 32)) $$),
  'too_many_reports', '… and the twenty-first is refused: too_many_reports');
select pg_temp.act('owner');
update public.listing_reports set created_at = now() - interval '61 minutes' where offer_id = pg_temp.id('oC') or sender_hash = repeat('d1', 32);
select pg_temp.act('anon');
select lives_ok($$ select public.submit_listing_report(pg_temp.id('oC'), 'problem', 'unclear', '', null, 'en', repeat('d1', 32)) $$,
  'an hour later, both have room again');

-- ---------------------------------------------------------------------------------------------
-- audit_log

select pg_temp.act('ed_a');
select lives_ok($$ update public.offers set title_en = 'Sunday walk', cost = 'low_cost' where id = pg_temp.id('oA_stale') $$,
  'a member edits two fields');
select results_eq(
  $$ select resource_type, organisation_id, service_id, action_type, field_name, previous_value, replacement_value, updated_by
       from public.audit_log where resource_id = pg_temp.id('oA_stale') and field_name in ('cost', 'title_en') order by field_name $$,
  $$ values ('service', pg_temp.id('A'), pg_temp.id('oA_stale'), 'update', 'cost', 'free', 'low_cost', pg_temp.id('ed_a')),
            ('service', pg_temp.id('A'), pg_temp.id('oA_stale'), 'update', 'title_en', 'Stale offer', 'Sunday walk', pg_temp.id('ed_a')) $$,
  '… logged one row per field: old and new value, who, in the HSDS metadata shape');
select lives_ok($$ insert into public.offer_outcomes (offer_id, outcome_id) values (pg_temp.id('oA_stale'), 'skills') $$, 'a member adds an outcome');
select results_eq($$ select resource_type, field_name, previous_value, replacement_value from public.audit_log
                     where resource_id = pg_temp.id('oA_stale') and field_name = 'outcomes' $$,
  $$ values ('service', 'outcomes', null::text, 'skills') $$, '… logged as the service''s outcomes field');
select lives_ok($$ update public.schedules set opens_at = '09:30' where id = pg_temp.id('sA') $$, 'a member moves a schedule');
select results_eq($$ select resource_type, organisation_id, service_id, previous_value, replacement_value from public.audit_log where resource_id = pg_temp.id('sA') $$,
  $$ values ('schedule', pg_temp.id('A'), pg_temp.id('oA'), '10:00:00', '09:30:00') $$, '… logged as a schedule of the offer');
select pg_temp.act('own_b');
select is_empty($$ select id from public.audit_log where organisation_id = pg_temp.id('A') $$, 'a member of B does not read A''s log');
select pg_temp.act('anon');
select is_empty($$ select id from public.audit_log $$, 'anon reads no log');
select pg_temp.act('service_role');
select lives_ok($$ update public.offers set title_en = 'Imported title' where id = pg_temp.id('oC') $$, 'the server changes an offer');
select is_empty($$ select id from public.audit_log where resource_id = pg_temp.id('oC') $$, '… which is not logged');
select throws_ok($$ insert into public.audit_log (resource_type, resource_id, action_type) values ('service', pg_temp.id('oC'), 'update') $$,
  '42501', null, 'the server cannot write the log either');
select pg_temp.act('moder');
select ok((select count(distinct organisation_id) >= 2 from public.audit_log where organisation_id in (pg_temp.id('A'), pg_temp.id('B'))),
  'a moderator reads every group''s log');

-- ---------------------------------------------------------------------------------------------
-- review_reminders_due()

select pg_temp.act('owner');
update public.offers set last_reviewed_at = now() - interval '7 months' where id in (pg_temp.id('oA_stale'), pg_temp.id('oC'), pg_temp.id('oB_draft'));
update public.offers set status = 'draft' where id = pg_temp.id('oB_draft');
select pg_temp.act('moder');
select throws_ok($$ select * from public.review_reminders_due('6 months', '14 days') $$, '42501', null, 'a moderator cannot run the reminder job');
select pg_temp.act('anon');
select throws_ok($$ select * from public.review_reminders_due('6 months', '14 days') $$, '42501', null, 'anon cannot run the reminder job');

create temporary table due (call int, label text, reminder smallint, to_email text, language text);
grant all on due to service_role;
create function pg_temp.remind(n int, gap interval) returns setof text
  language sql as $$
    insert into pg_temp.due select n, pg_temp.label(d.offer_id), d.reminder, d.to_email, d.language
      from public.review_reminders_due('6 months', gap) d;
    select null::text where false;
  $$;
select pg_temp.act('service_role');
select pg_temp.remind(1, '-1 second');
select set_eq($$ select label || ' #' || reminder || ' ' || coalesce(to_email, '-') || ' ' || coalesce(language, '-') from pg_temp.due where call = 1 $$,
  array['oA_stale #1 owner.a@example.org cy', 'oA_stale #1 editor.a@example.org en', 'oC #1 group.c@example.org en'],
  'reminder 1 goes to each member in their language, or to the address of a group with no members');
select pg_temp.remind(2, '14 days');
select is_empty($$ select * from pg_temp.due where call = 2 $$, 'no second reminder before the gap has passed');
select pg_temp.remind(3, '-1 second');
select pg_temp.remind(4, '-1 second');
select set_eq($$ select label || ' #' || reminder from pg_temp.due where call in (3, 4) group by 1 $$,
  array['oA_stale #2', 'oA_stale #3', 'oC #2', 'oC #3'], 'reminders 2 and 3 follow');
select pg_temp.remind(5, '-1 second');
select is_empty($$ select * from pg_temp.due where call = 5 $$, 'there is no fourth reminder');
select results_eq($$ select reminders_sent, out_of_date_since is not null from public.offers where id = pg_temp.id('oA_stale') $$,
  $$ values (3::smallint, true) $$, '… the offer is marked "may be out of date" instead');
select results_eq($$ select out_of_date from public.offer_search where offer_id = pg_temp.id('oA_stale') $$,
  $$ values (true) $$, '… and search shows it so');
select results_eq($$ select reminders_sent from public.offers where id in (pg_temp.id('oB_draft'), pg_temp.id('oB')) order by id $$,
  $$ values (0::smallint), (0::smallint) $$, 'a fresh offer and a draft are never reminded');
select pg_temp.act('ed_a');
select lives_ok($$ update public.offers set last_reviewed_at = now() where id = pg_temp.id('oA_stale') $$, 'a member confirms "still running"');
select results_eq($$ select o.reminders_sent, o.out_of_date_since is null, s.out_of_date from public.offers o
                     join public.offer_search s on s.offer_id = o.id where o.id = pg_temp.id('oA_stale') $$,
  $$ values (0::smallint, true, false) $$, '… which starts the reminders again and makes it current in search');

select * from finish();
rollback;
