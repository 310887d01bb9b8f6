-- The peer-support network (20261122000010_peer_support_network.sql): peer supporters and their
-- safeguarding checks, brokered introductions, stories of what helped, the groups' board and its
-- replies, and nearby_groups. A lighter pass than tests/db/peer-network-rls.test.ts (which runs on
-- PGlite and PG15). Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act(), attempt() and hint_of() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role, no group); own_a, ed_a (owner and editor of A); coord (an editor
--   of A named introduction coordinator); own_b (owner of B); own_c (owner of C); own_p (owner of P,
--   not published); plan (planner); prac (practitioner); moder (moderator); admin; service_role;
--   owner (back to the session's role).
-- Fixtures (inserted as the owner; labels in pg_temp.fx):
--   A (Cardiff), B (Cathays), C (Newport) published; P (Cathays) pending. Offers serve: A seeing-people
--   and things-to-do, B seeing-people, C both of A's, P seeing-people.
--   Supporters supA, supB, supP published with current confirmed checks (supP's group is pending);
--   supA2, A's draft. Introductions introA, introB. Stories storyPub (published, reported: repPub),
--   storyPend (pending). Posts postA, postB (open), postBDown (B's, taken down); on postA, an exchange
--   between A and B: replyB (from B), replyA (from A).
--
-- Everything happens in one transaction, so now() never moves and every rate limit counts every call.
-- Assertions marked "REGRESSION" failed against the migration as first committed (bc4aa1a).

begin;
create extension if not exists pgtap with schema extensions;
select plan(131);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- The tables and functions, as the API roles see them

select ok((select bool_and(c.relrowsecurity) and count(*) = 11 from pg_class c
           where c.oid in ('public.peer_supporters'::regclass, 'public.peer_supporter_outcomes'::regclass,
                           'public.peer_supporter_checks'::regclass, 'public.peer_support_settings'::regclass,
                           'public.introduction_coordinators'::regclass, 'public.introductions'::regclass, 'public.stories'::regclass,
                           'public.story_outcomes'::regclass, 'public.story_reports'::regclass, 'public.board_posts'::regclass,
                           'public.board_replies'::regclass)),
  'every new table has row-level security');
select is_empty(
  $$ select t || ' (' || r || ')' from unnest(array['public.peer_supporters', 'public.peer_supporter_outcomes', 'public.peer_supporter_checks',
       'public.peer_support_settings', 'public.introduction_coordinators', 'public.introductions', 'public.stories', 'public.story_outcomes',
       'public.story_reports', 'public.board_posts', 'public.board_replies']) t,
       unnest(array['anon', 'authenticated']) r where has_table_privilege(r, t, 'TRUNCATE') $$,
  'anon and authenticated cannot truncate the new tables');
select ok(not has_any_column_privilege('anon', 'public.peer_supporter_checks', 'SELECT')
          and not has_any_column_privilege('anon', 'public.introductions', 'SELECT')
          and not has_any_column_privilege('anon', 'public.story_reports', 'SELECT')
          and not has_any_column_privilege('anon', 'public.board_posts', 'SELECT')
          and not has_any_column_privilege('anon', 'public.board_replies', 'SELECT'),
  'anon reads no checks, introductions, story reports or board');
select is_empty(
  $$ select t || '.sender_hash (' || r || ')' from unnest(array['public.introductions', 'public.stories', 'public.story_reports']) t,
       unnest(array['anon', 'authenticated']) r where has_column_privilege(r, t, 'sender_hash', 'SELECT') $$,
  'nobody but the server reads a sender_hash');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.introductions'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.introductions', attname, 'UPDATE') order by 1),
  array['status'], 'authenticated updates only the status of an introduction');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.stories'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.stories', attname, 'UPDATE') order by 1),
  array['moderation_note', 'status'], 'a story''s words are not updatable by the API roles, only its status and note');
select results_eq(
  $$ select r, has_function_privilege(r, 'public.submit_introduction(uuid, uuid, uuid, text, uuid, text, text, text, text, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.introduction_recipients(uuid)', 'EXECUTE'),
            has_function_privilege(r, 'public.purge_introductions(interval)', 'EXECUTE'),
            has_function_privilege(r, 'public.submit_story(text, text, text, uuid, uuid, text[], text)', 'EXECUTE'),
            has_function_privilege(r, 'public.report_story(uuid, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.board_reply_recipients(uuid)', 'EXECUTE'),
            has_function_privilege(r, 'public.nearby_groups(uuid, double precision)', 'EXECUTE')
       from unnest(array['anon', 'authenticated', 'service_role']) r $$,
  $$ values ('anon', false, false, false, false, false, false, false), ('authenticated', false, false, false, false, false, false, true),
            ('service_role', true, true, true, true, true, true, true) $$,
  'what a person sends, the recipients and the purge are the server''s alone; nearby_groups needs a sign-in');
-- REGRESSION: peer_checks_guard was security definer, so current_user inside it was the owner,
-- acting_for_a_request() was false, and an editor's confirmation went through unchecked.
select ok(not (select prosecdef from pg_proc where oid = 'public.peer_checks_guard()'::regprocedure),
  'peer_checks_guard runs as the caller (REGRESSION: as security definer it let editors confirm checks)');

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('none',  'a3000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('own_a', 'a3000000-0000-4000-8000-000000000002', 'owner.a@example.org'),
  ('ed_a',  'a3000000-0000-4000-8000-000000000003', 'editor.a@example.org'),
  ('coord', 'a3000000-0000-4000-8000-000000000004', 'coord.a@example.org'),
  ('own_b', 'a3000000-0000-4000-8000-000000000005', 'owner.b@example.org'),
  ('own_c', 'a3000000-0000-4000-8000-000000000006', 'owner.c@example.org'),
  ('own_p', 'a3000000-0000-4000-8000-000000000007', 'owner.p@example.org'),
  ('plan',  'a3000000-0000-4000-8000-000000000008', 'planner@example.org'),
  ('prac',  'a3000000-0000-4000-8000-000000000009', 'prac@example.org'),
  ('moder', 'a3000000-0000-4000-8000-00000000000a', 'moder@example.org'),
  ('admin', 'a3000000-0000-4000-8000-00000000000b', 'admin@example.org'),
  ('A', 'b3000000-0000-4000-8000-00000000000a', null),
  ('B', 'b3000000-0000-4000-8000-00000000000b', null),
  ('C', 'b3000000-0000-4000-8000-00000000000c', null),
  ('P', 'b3000000-0000-4000-8000-00000000000d', null),
  ('oA', 'd3000000-0000-4000-8000-00000000000a', null),
  ('oB', 'd3000000-0000-4000-8000-00000000000b', null),
  ('oC', 'd3000000-0000-4000-8000-00000000000c', null),
  ('oP', 'd3000000-0000-4000-8000-00000000000d', null),
  ('supA',  'e3000000-0000-4000-8000-000000000001', null),
  ('supA2', 'e3000000-0000-4000-8000-000000000002', null),
  ('supB',  'e3000000-0000-4000-8000-000000000003', null),
  ('supP',  'e3000000-0000-4000-8000-000000000004', null),
  ('introA', 'f3000000-0000-4000-8000-000000000001', null),
  ('introB', 'f3000000-0000-4000-8000-000000000002', null),
  ('storyPub',  'f3100000-0000-4000-8000-000000000001', null),
  ('storyPend', 'f3100000-0000-4000-8000-000000000002', null),
  ('repPub',    'f3200000-0000-4000-8000-000000000001', null),
  ('postA',     'f3300000-0000-4000-8000-000000000001', null),
  ('postB',     'f3300000-0000-4000-8000-000000000002', null),
  ('postBDown', 'f3300000-0000-4000-8000-000000000003', null),
  ('replyB',    'f3400000-0000-4000-8000-000000000001', null),
  ('replyA',    'f3400000-0000-4000-8000-000000000002', null);

-- The fixture labels of the ids a query returns, sorted and joined by commas; or the error.
create function pg_temp.seen(sql text) returns text
  language plpgsql as $f$
declare
  r text;
begin
  execute format($q$ select coalesce(string_agg(coalesce(f.label, q.id::text), ',' order by coalesce(f.label, q.id::text) collate "C"), '')
                     from (%s) q(id) left join pg_temp.fx f on f.id = q.id $q$, sql) into r;
  return r;
exception when others then
  return 'error ' || sqlstate;
end $f$;

-- An introduction the server submits for a sender (64 hex digits made from n), to a group and maybe a supporter.
create function pg_temp.intro(org text, supporter text, n int) returns text
  language sql as $$
    select pg_temp.hint_of(format('select public.submit_introduction(%L, %L, null, ''person'', null, ''Dee'', ''dee@example.org'', null, null, ''Hello'', ''en'', %L)',
      pg_temp.id(org), pg_temp.id(supporter), lpad(to_hex(n), 64, '0')))
  $$;

-- n replies to postA in the exchange with B, from B, one statement each.
create function pg_temp.replies_from_b(n int) returns void
  language plpgsql as $f$
begin
  for i in 1..n loop
    insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body)
    values (pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('B'), 'Note ' || i);
  end loop;
end $f$;

insert into auth.users (id, email) select id, email from fx where email is not null;
insert into public.user_roles (user_id, role) values
  (pg_temp.id('plan'), 'planner'), (pg_temp.id('moder'), 'moderator'), (pg_temp.id('admin'), 'admin'), (pg_temp.id('prac'), 'practitioner');
insert into public.organisations (id, name, status) values
  (pg_temp.id('A'), 'Group A', 'published'), (pg_temp.id('B'), 'Group B', 'published'),
  (pg_temp.id('C'), 'Group C', 'published'), (pg_temp.id('P'), 'Group P', 'pending');
insert into public.organisation_members (organisation_id, user_id, role) values
  (pg_temp.id('A'), pg_temp.id('own_a'), 'owner'), (pg_temp.id('A'), pg_temp.id('ed_a'), 'editor'),
  (pg_temp.id('A'), pg_temp.id('coord'), 'editor'), (pg_temp.id('B'), pg_temp.id('own_b'), 'owner'),
  (pg_temp.id('C'), pg_temp.id('own_c'), 'owner'), (pg_temp.id('P'), pg_temp.id('own_p'), 'owner');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status)
  select pg_temp.id('o' || g), pg_temp.id(g), 'Offer of ' || g, 'activity', 'free', 'drop_in', 'in_person', 'published'
    from unnest(array['A', 'B', 'C', 'P']) g;
insert into public.offer_outcomes (offer_id, outcome_id) values
  (pg_temp.id('oA'), 'seeing-people'), (pg_temp.id('oA'), 'things-to-do'), (pg_temp.id('oB'), 'seeing-people'),
  (pg_temp.id('oC'), 'seeing-people'), (pg_temp.id('oC'), 'things-to-do'), (pg_temp.id('oP'), 'seeing-people');
insert into public.locations (organisation_id, name, town, lat, lng) values
  (pg_temp.id('A'), 'Hall', 'Cardiff', 51.47387, -3.17648), (pg_temp.id('B'), 'Hall', 'Cathays', 51.4985, -3.1785),
  (pg_temp.id('C'), 'Hall', 'Newport', 51.59057, -3.0048), (pg_temp.id('P'), 'Hall', 'Cathays', 51.4985, -3.1785);
insert into public.peer_supporters (id, organisation_id, display_name, been_there_en)
  select pg_temp.id(s), pg_temp.id(g), n, 'I cared for my mum for ten years.'
    from (values ('supA', 'A', 'Jo'), ('supA2', 'A', 'Sam'), ('supB', 'B', 'Mo'), ('supP', 'P', 'Al')) v(s, g, n);
insert into public.peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_by, confirmed_at)
  select pg_temp.id(s), 'dbs', current_date - 100, 'Peer support course', current_date - 50, 'Sam', pg_temp.id(o), now()
    from (values ('supA', 'own_a'), ('supA2', 'own_a'), ('supB', 'own_b'), ('supP', 'own_p')) v(s, o);
update public.peer_supporters set status = 'published' where id in (pg_temp.id('supA'), pg_temp.id('supB'), pg_temp.id('supP'));
insert into public.peer_support_settings (organisation_id, introductions_by) values (pg_temp.id('A'), 'group_reviews');
insert into public.introduction_coordinators (organisation_id, user_id) values (pg_temp.id('A'), pg_temp.id('coord'));
insert into public.introductions (id, organisation_id, peer_supporter_id, requester, name, email, consent_at, sender_hash) values
  (pg_temp.id('introA'), pg_temp.id('A'), pg_temp.id('supA'), 'person', 'Ann', 'ann@example.org', now(), repeat('a1', 32)),
  (pg_temp.id('introB'), pg_temp.id('B'), pg_temp.id('supB'), 'person', 'Bob', 'bob@example.org', now(), repeat('b1', 32));
insert into public.stories (id, body, status, published_at, sender_hash) values
  (pg_temp.id('storyPub'), 'Going to the walking group got me out of the house again after a hard year.', 'published', now(), repeat('51', 32)),
  (pg_temp.id('storyPend'), 'The lunch club gave me somewhere to be on Wednesdays, and people who notice.', 'pending', null, repeat('52', 32));
insert into public.story_reports (id, story_id, reason, sender_hash) values (pg_temp.id('repPub'), pg_temp.id('storyPub'), 'hurtful', repeat('61', 32));
insert into public.board_posts (id, organisation_id, kind, topic, title, body, status) values
  (pg_temp.id('postA'), pg_temp.id('A'), 'need', 'room', 'A room for Tuesdays', 'We need a room on Tuesday mornings for twelve people.', 'open'),
  (pg_temp.id('postB'), pg_temp.id('B'), 'offer', 'transport', 'A minibus on Fridays', 'Our minibus is free on Friday afternoons.', 'open'),
  (pg_temp.id('postBDown'), pg_temp.id('B'), 'offer', 'other', 'Taken down', 'Something a moderator took down.', 'taken_down');
insert into public.board_replies (id, post_id, with_organisation_id, from_organisation_id, body) values
  (pg_temp.id('replyB'), pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('B'), 'We have a room free on Tuesdays.'),
  (pg_temp.id('replyA'), pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('A'), 'Lovely, could you ring me on 029 2087 1234?');

-- ---------------------------------------------------------------------------------------------
-- Peer supporters and their checks

select pg_temp.act('anon');
select is(pg_temp.seen('select id from public.peer_supporters'), 'supA,supB', 'anon sees only supporters with current, confirmed checks in published groups');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), 'error 42501', 'anon reads no checks');
select pg_temp.act('none');
select is(pg_temp.seen('select id from public.peer_supporters'), 'supA,supB', 'a stranger sees the same');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), '', 'a stranger reads no checks');
select pg_temp.act('plan');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), '', 'a planner reads no checks');
select pg_temp.act('prac');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), '', 'a practitioner reads no checks');
select pg_temp.act('own_c');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), '', 'another group (C) reads no checks');
select pg_temp.act('own_b');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), 'supB', 'B reads only its own checks');
select is(pg_temp.attempt($$ insert into public.peer_supporter_checks (peer_supporter_id, check_kind) values (pg_temp.id('supA2'), 'none') $$),
  'error 42501', 'B cannot record checks for A''s supporter');
select is(pg_temp.attempt($$ update public.peer_supporter_checks set supervisor = 'Me' where peer_supporter_id = pg_temp.id('supA') $$),
  '0', 'B cannot change A''s checks (no rows)');
select pg_temp.act('ed_a');
select is(pg_temp.seen('select id from public.peer_supporters'), 'supA,supA2,supB', 'A''s editor sees A''s draft supporter too');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), 'supA,supA2', 'A''s editor reads A''s checks');
select pg_temp.act('own_p');
select is(pg_temp.seen('select id from public.peer_supporters'), 'supA,supB,supP', 'P sees its own supporter; nobody else does (P is not published)');
select pg_temp.act('moder');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), 'supA,supA2,supB,supP', 'a moderator reads every group''s checks');
select pg_temp.act('admin');
select is(pg_temp.seen('select peer_supporter_id from public.peer_supporter_checks'), 'supA,supA2,supB,supP', 'an admin reads them too (an admin holds every role)');

-- Kim: an editor sets up a supporter; only an owner confirms; shown once published.
select pg_temp.act('ed_a');
select lives_ok($$ insert into public.peer_supporters (organisation_id, display_name, been_there_en) values (pg_temp.id('A'), 'Kim', 'I have been there.') $$,
  'the editor adds Kim');
select lives_ok($$ insert into public.peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor)
                   select id, 'dbs', current_date - 30, 'Course', current_date - 20, 'Sam' from public.peer_supporters where display_name = 'Kim' $$,
  '… and her checks');
select is(pg_temp.hint_of($$ update public.peer_supporter_checks set confirmed_at = now()
                             where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Kim') $$),
  'owner_confirms', 'the editor cannot confirm them (REGRESSION: could, as the guard ran as security definer)');
select is(pg_temp.hint_of($$ update public.peer_supporters set status = 'published' where display_name = 'Kim' $$),
  'checks_not_current', 'nor publish Kim before an owner confirms');
select pg_temp.act('own_a');
select is(pg_temp.hint_of($$ update public.peer_supporter_checks set confirmed_at = now() - interval '1 year'
                             where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Kim') $$),
  '(no error)', 'the owner confirms');
select is((select (confirmed_by, confirmed_at) = (pg_temp.id('own_a'), now()) from public.peer_supporter_checks
            where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Kim')),
  true, '… in their own name, now (whatever date they sent)');
select pg_temp.act('anon');
select is((select count(*)::int from public.peer_supporters where display_name = 'Kim'), 0, 'a confirmed draft is not shown');
select pg_temp.act('ed_a');
select lives_ok($$ update public.peer_supporters set status = 'published' where display_name = 'Kim' $$, 'the editor publishes Kim');
select pg_temp.act('anon');
select is((select count(*)::int from public.peer_supporters where display_name = 'Kim'), 1, 'anon now sees Kim');
select pg_temp.act('ed_a');
select lives_ok($$ update public.peer_supporter_checks set supervisor = 'Someone new'
                   where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Kim') $$, 'the editor changes the supervisor');
select is((select confirmed_at is null and confirmed_by is null from public.peer_supporter_checks
            where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Kim')),
  true, '… which clears the confirmation');
select pg_temp.act('anon');
select is((select count(*)::int from public.peer_supporters where display_name = 'Kim'), 0, '… and hides Kim again');

-- Lee: checks that are not current cannot be confirmed.
select pg_temp.act('own_a');
select lives_ok($$ insert into public.peer_supporters (organisation_id, display_name, been_there_en) values (pg_temp.id('A'), 'Lee', 'I have been there.') $$,
  'the owner adds Lee');
select lives_ok($$ insert into public.peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor)
                   select id, 'dbs', current_date - interval '3 years 1 day', 'Course', current_date - 20, 'Sam'
                     from public.peer_supporters where display_name = 'Lee' $$, '… with a DBS check over three years old');
create function pg_temp.confirm_lee() returns text language sql as $$
  select pg_temp.hint_of($q$ update public.peer_supporter_checks set confirmed_at = now()
                             where peer_supporter_id = (select id from public.peer_supporters where display_name = 'Lee') $q$) $$;
create function pg_temp.change_lee(change text) returns void language plpgsql as $$
  begin
    execute 'update public.peer_supporter_checks set ' || change || ' where peer_supporter_id = (select id from public.peer_supporters where display_name = ''Lee'')';
  end $$;
select is(pg_temp.confirm_lee(), 'checks_not_current', 'a DBS check over three years old cannot be confirmed');
select pg_temp.change_lee('checked_on = current_date - 30, trained_on = null');
select is(pg_temp.confirm_lee(), 'checks_not_current', 'nor with no training date');
select pg_temp.change_lee('trained_on = current_date - 20, supervisor = null');
select is(pg_temp.confirm_lee(), 'checks_not_current', 'nor with no supervisor');
select pg_temp.change_lee('supervisor = ''Sam'', checked_on = null');
select is(pg_temp.confirm_lee(), 'checks_not_current', 'nor a DBS check with no date (REGRESSION: met the table''s check constraint, 23514)');
select pg_temp.change_lee('check_kind = ''none''');
select is(pg_temp.confirm_lee(), '(no error)', '''none'' needs no date: confirmed');
select is(pg_temp.hint_of($$ update public.peer_supporters set status = 'published' where display_name = 'Lee' $$), '(no error)', '… and Lee is published');
select pg_temp.act('ed_a');
select is(pg_temp.hint_of($$ insert into public.peer_supporters (organisation_id, display_name, been_there_en) values (pg_temp.id('A'), 'Max', 'I have been there.');
                             insert into public.peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_at)
                             select id, 'dbs', current_date - 10, 'Course', current_date - 5, 'Sam', now() - interval '5 years'
                               from public.peer_supporters where display_name = 'Max' $$),
  'owner_confirms', 'an editor cannot record checks as already confirmed (REGRESSION)');
select is(pg_temp.attempt($$ update public.peer_supporters set display_name = 'Jo 07700 900123' where id = pg_temp.id('supA') $$),
  'error 23514', 'a display name with a phone number is refused');
select is(pg_temp.attempt($$ update public.peer_supporters set been_there_en = 'Write to jo@example.org' where id = pg_temp.id('supA') $$),
  'error 23514', '"I''ve been there" with an email is refused');
select is(pg_temp.attempt($$ update public.peer_supporters set languages = '{en,xx}' where id = pg_temp.id('supA') $$),
  'error 23514', 'an unknown language is refused');
select is(pg_temp.attempt($$ update public.peer_supporters set organisation_id = pg_temp.id('B') where id = pg_temp.id('supA') $$),
  'error 42501', 'a supporter cannot be moved to another group');

-- ---------------------------------------------------------------------------------------------
-- Introductions

select pg_temp.act('anon');
select throws_ok($$ select public.submit_introduction(pg_temp.id('A'), null, null, 'person', null, 'Dee', 'dee@example.org', null, null, '', 'en', repeat('d1', 32)) $$,
  '42501', null, 'anon cannot call submit_introduction');
select is(pg_temp.seen('select id from public.introductions'), 'error 42501', 'anon reads no introductions');
select pg_temp.act('none');
select throws_ok($$ select public.submit_introduction(pg_temp.id('A'), null, null, 'person', null, 'Dee', 'dee@example.org', null, null, '', 'en', repeat('d1', 32)) $$,
  '42501', null, 'nor a signed-in person');
select is(pg_temp.seen('select id from public.introductions'), '', 'a stranger reads none');
select pg_temp.act('plan');
select is(pg_temp.seen('select id from public.introductions'), '', 'a planner reads none');
select pg_temp.act('prac');
select is(pg_temp.seen('select id from public.introductions'), '', 'a practitioner reads none');
select pg_temp.act('own_c');
select is(pg_temp.seen('select id from public.introductions'), '', 'another group reads none');
select pg_temp.act('own_b');
select is(pg_temp.seen('select id from public.introductions'), 'introB', 'B reads its own');
select is(pg_temp.attempt($$ update public.introductions set status = 'declined' where id = pg_temp.id('introA') $$), '0', 'B cannot move A''s on');
select pg_temp.act('moder');
select is(pg_temp.seen('select id from public.introductions'), 'introA,introB', 'a moderator reads them all');
select pg_temp.act('ed_a');
select is(pg_temp.seen('select id from public.introductions'), 'introA', 'group_reviews: A''s editor reads A''s');
select is(pg_temp.seen('select id from (select id, sender_hash from public.introductions) q'), 'error 42501', '… but not the sender_hash');
select is(pg_temp.attempt($$ update public.introductions set status = 'accepted' where id = pg_temp.id('introA') $$), '1', 'the editor accepts it');
update public.introductions set status = 'accepted' where id = pg_temp.id('introA');
select is((select (decided_by, decided_at) = (pg_temp.id('ed_a'), now()) from public.introductions where id = pg_temp.id('introA')),
  true, 'decided_by and decided_at are set');
select is(pg_temp.attempt($$ update public.peer_support_settings set introductions_by = 'coordinators' $$), '0', 'an editor cannot change the setting');
select is(pg_temp.attempt($$ insert into public.introduction_coordinators (organisation_id, user_id) values (pg_temp.id('A'), pg_temp.id('ed_a')) $$),
  'error 42501', 'nor name coordinators');
select pg_temp.act('own_b');
select is(pg_temp.attempt($$ insert into public.introduction_coordinators (organisation_id, user_id) values (pg_temp.id('A'), pg_temp.id('own_b')) $$),
  'error 42501', 'another group''s owner cannot name coordinators for A');
select pg_temp.act('own_a');
select is(pg_temp.attempt($$ update public.peer_support_settings set introductions_by = 'coordinators' where organisation_id = pg_temp.id('A') $$), '1',
  'the owner may change the setting');
update public.peer_support_settings set introductions_by = 'coordinators' where organisation_id = pg_temp.id('A');
select is(pg_temp.seen('select id from public.introductions'), 'introA', 'coordinators: the owner reads A''s');
select pg_temp.act('coord');
select is(pg_temp.seen('select id from public.introductions'), 'introA', '… the named coordinator too');
select is(pg_temp.attempt($$ update public.introductions set status = 'introduced' where id = pg_temp.id('introA') $$), '1', '… and moves it on');
select pg_temp.act('ed_a');
select is(pg_temp.seen('select id from public.introductions'), '', '… a plain editor reads none');
select is(pg_temp.attempt($$ update public.introductions set status = 'declined' where id = pg_temp.id('introA') $$), '0', '… nor moves one on');
select pg_temp.act('moder');
select is(pg_temp.seen('select id from public.introductions'), 'introA,introB', '… a moderator still reads them');
select pg_temp.act('service_role');
select is((select string_agg(email, ',' order by email) from public.introduction_recipients(pg_temp.id('A'))),
  'coord.a@example.org,owner.a@example.org', 'introduction_recipients: exactly the owner and the coordinator');
select is(pg_temp.intro('A', 'supA2', 1), 'not_found', 'not_found: a supporter not published');
select is(pg_temp.intro('A', 'supB', 1), 'not_found', 'not_found: another group''s supporter');
select is(pg_temp.intro('P', 'supP', 1), 'not_found', 'not_found: a group not published');
select is(pg_temp.intro('A', 'supA', 2) || pg_temp.intro('A', 'supA', 2) || pg_temp.intro('A', null, 2), '(no error)(no error)(no error)',
  'a sender asks A three times today');
select is(pg_temp.intro('A', null, 2), 'too_many_requests', '… the fourth to A is refused');
select is(pg_temp.intro('B', null, 3) || pg_temp.intro('B', null, 3) || pg_temp.intro('C', null, 3) || pg_temp.intro('C', null, 3) || pg_temp.intro('C', null, 3),
  '(no error)(no error)(no error)(no error)(no error)', 'another sender asks five times this hour');
select is(pg_temp.intro('A', null, 3), 'too_many_requests', '… the sixth is refused, to any group');
select pg_temp.act('owner');
insert into public.introductions (organisation_id, requester, name, email, consent_at, sender_hash)
  select pg_temp.id('B'), 'person', 'N', 'n@example.org', now(), lpad(to_hex(g + 4096), 64, '0') from generate_series(1, 100) g;
select pg_temp.act('service_role');
select is(pg_temp.intro('B', null, 4), 'group_busy', 'group_busy at 100 a day to one group');
select is(pg_temp.intro('C', null, 4), '(no error)', '… other groups are not held up');

-- ---------------------------------------------------------------------------------------------
-- Stories

select pg_temp.act('anon');
select throws_ok($$ select public.submit_story('A story long enough to be a story, about what helped me.', 'en', null, null, null, '{}', repeat('53', 32)) $$,
  '42501', null, 'anon cannot call submit_story');
select throws_ok($$ select public.report_story(pg_temp.id('storyPub'), 'hurtful', null, repeat('53', 32)) $$, '42501', null, 'nor report_story');
select is(pg_temp.seen('select id from public.stories'), 'storyPub', 'anon reads only the published story');
select is(pg_temp.seen('select id from public.story_reports'), 'error 42501', 'anon reads no reports');
select pg_temp.act('none');
select is(pg_temp.seen('select id from public.stories'), 'storyPub', 'a stranger reads only the published story');
select is(pg_temp.seen('select id from public.story_reports'), '', '… and no reports');
select pg_temp.act('own_a');
select is(pg_temp.attempt($$ update public.stories set status = 'published' $$), '0', 'a group member cannot publish stories');
select pg_temp.act('moder');
select is(pg_temp.seen('select id from public.stories'), 'storyPend,storyPub', 'a moderator reads the pending story too');
select is(pg_temp.seen('select id from public.story_reports'), 'repPub', '… and the reports');
select is(pg_temp.seen('select id from (select id, sender_hash from public.stories) q'), 'error 42501', '… but not a sender_hash');
select is(pg_temp.attempt($$ update public.stories set body = body || ' More.' where id = pg_temp.id('storyPub') $$), 'error 42501',
  'a moderator cannot change a story''s words');
update public.stories set status = 'published' where id = pg_temp.id('storyPend');
select is((select (moderated_by, moderated_at, published_at) = (pg_temp.id('moder'), now(), now()) from public.stories_for_moderation() where id = pg_temp.id('storyPend')),
  true, 'a moderator publishes: moderated_by, moderated_at and published_at set');
select is(pg_temp.hint_of($$ update public.stories set status = 'taken_down' where id = pg_temp.id('storyPub') $$), '(no error)',
  'a moderator takes a reported story down (REGRESSION: refused, permission denied for story_reports)');
select is((select (resolved_by, resolved_at) = (pg_temp.id('moder'), now()) from public.story_reports where id = pg_temp.id('repPub')),
  true, '… which resolves its open report in the moderator''s name');
select pg_temp.act('anon');
select is(pg_temp.seen('select id from public.stories'), 'storyPend', 'anon no longer reads the taken-down story');
select pg_temp.act('service_role');
select throws_ok($$ select public.submit_story('A story long enough to be a story. Email me at jo@example.org', 'en', null, null, null, '{}', repeat('54', 32)) $$,
  '23514', null, 'a story with an email address is refused');
select is(pg_temp.hint_of($$ select public.submit_story('The first story of three, long enough to be a story.', 'en', null, null, null, '{skills}', repeat('55', 32));
                             select public.submit_story('The second story of three, long enough to be a story.', 'en', null, null, null, '{}', repeat('55', 32));
                             select public.submit_story('The third story of three, long enough to be a story.', 'en', null, null, null, '{}', repeat('55', 32)) $$),
  '(no error)', 'three stories in an hour from one sender');
select is(pg_temp.hint_of($$ select public.submit_story('The fourth story this hour, long enough to be a story.', 'en', null, null, null, '{}', repeat('55', 32)) $$),
  'too_many_requests', '… the fourth is refused');
select is(public.report_story(pg_temp.id('storyPend'), 'untrue', null, repeat('62', 32)), true, 'report_story: a first report');
select is(public.report_story(pg_temp.id('storyPend'), 'untrue', 'Again', repeat('62', 32)), false, '… a second open one from the same sender: false');

-- ---------------------------------------------------------------------------------------------
-- The board

select pg_temp.act('anon');
select is(pg_temp.seen('select id from public.board_posts'), 'error 42501', 'anon reads no board');
select pg_temp.act('none');
select is(pg_temp.seen('select id from public.board_posts'), '', 'a stranger reads no posts');
select pg_temp.act('plan');
select is(pg_temp.seen('select id from public.board_posts'), '', 'a planner reads no posts');
select pg_temp.act('own_p');
select is(pg_temp.seen('select id from public.board_posts'), '', 'a member of only an unpublished group reads no posts');
select is(pg_temp.attempt($$ insert into public.board_posts (organisation_id, kind, topic, title, body)
                             values (pg_temp.id('P'), 'need', 'room', 'A room please', 'We need a room on Mondays.') $$),
  'error 42501', '… and cannot post');
select pg_temp.act('own_c');
select is(pg_temp.seen('select id from public.board_posts'), 'postA,postB', 'another published group reads the open posts, not B''s taken-down one');
select is(pg_temp.seen('select id from public.board_replies'), '', '… and none of the replies between A and B');
select is(pg_temp.attempt($$ insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body)
                             values (pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('C'), 'Can we join?') $$),
  'error 23514', 'C cannot reply into the exchange between A and B');
select pg_temp.act('own_b');
select is(pg_temp.seen('select id from public.board_posts'), 'postA,postB,postBDown', 'B reads its own taken-down post');
select is(pg_temp.seen('select id from public.board_replies'), 'replyA,replyB', 'B reads the exchange');
select is(pg_temp.hint_of($$ update public.board_posts set status = 'open' where id = pg_temp.id('postBDown') $$), 'taken_down',
  'B cannot bring back a post a moderator took down');
select is(pg_temp.attempt($$ insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body)
                             values (pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('B'), 'Details at www.example.org') $$),
  'error 23514', 'a reply with a link is refused');
select lives_ok($$ insert into public.board_replies (post_id, with_organisation_id, from_organisation_id, body)
                   values (pg_temp.id('postA'), pg_temp.id('B'), pg_temp.id('B'), 'Ring me on 07700 900123 or email mo@example.org') $$,
  'a reply with a phone number or an email is fine (private between the two groups)');
select lives_ok($$ select pg_temp.replies_from_b(29) $$, '30 replies in an hour');
select is(pg_temp.hint_of($$ select pg_temp.replies_from_b(1) $$), 'too_many_replies', '… the 31st is refused');
select pg_temp.act('own_a');
select is(pg_temp.seen('select id from public.board_replies where id in (pg_temp.id(''replyA''), pg_temp.id(''replyB''))'), 'replyA,replyB', 'A reads the exchange');
select is(pg_temp.attempt($$ insert into public.board_posts (organisation_id, kind, topic, title, body)
                             values (pg_temp.id('B'), 'need', 'room', 'As B', 'Posting as another group.') $$),
  'error 42501', 'A cannot post as B');
select is(pg_temp.attempt($$ insert into public.board_posts (organisation_id, kind, topic, title, body)
                             values (pg_temp.id('A'), 'need', 'room', 'Call us', 'Ring 029 2087 1234 to talk about it.') $$),
  'error 23514', 'a post with a phone number is refused');
select is(pg_temp.hint_of($$ insert into public.board_posts (organisation_id, kind, topic, title, body)
                             select pg_temp.id('A'), 'offer', 'skills', 'Offer ' || g, 'Something we can offer other groups.' from generate_series(1, 1) g;
                             insert into public.board_posts (organisation_id, kind, topic, title, body) values (pg_temp.id('A'), 'offer', 'skills', 'Offer 2', 'Something we can offer other groups.');
                             insert into public.board_posts (organisation_id, kind, topic, title, body) values (pg_temp.id('A'), 'offer', 'skills', 'Offer 3', 'Something we can offer other groups.');
                             insert into public.board_posts (organisation_id, kind, topic, title, body) values (pg_temp.id('A'), 'offer', 'skills', 'Offer 4', 'Something we can offer other groups.') $$),
  '(no error)', 'A posts four more today (five in all)');
select is(pg_temp.hint_of($$ insert into public.board_posts (organisation_id, kind, topic, title, body)
                             values (pg_temp.id('A'), 'offer', 'skills', 'Offer 5', 'Something we can offer other groups.') $$),
  'too_many_posts', '… the sixth is refused');
select is(pg_temp.hint_of($$ update public.board_posts set status = 'taken_down' where id = pg_temp.id('postA') $$), 'taken_down',
  'a group cannot take down its own post as a moderator would');
select pg_temp.act('moder');
select is(pg_temp.attempt($$ update public.board_posts set title = 'Edited by a moderator' where id = pg_temp.id('postA') $$), 'error 42501',
  'a moderator cannot edit a post''s words');
update public.board_posts set status = 'taken_down' where id = pg_temp.id('postA');
select is(pg_temp.seen('select id from public.board_posts where id = pg_temp.id(''postA'')'), 'postA', 'a moderator takes postA down and still reads it');
select pg_temp.act('own_c');
select is(pg_temp.seen('select id from public.board_posts where id = pg_temp.id(''postA'')'), '', 'another group no longer reads it');
select pg_temp.act('ed_a');
select is(pg_temp.seen('select id from public.board_posts where id = pg_temp.id(''postA'')'), 'postA', 'its own group still does');
select pg_temp.act('service_role');
select is((select string_agg(email, ',' order by email) from public.board_reply_recipients(pg_temp.id('replyB'))),
  'coord.a@example.org,editor.a@example.org,owner.a@example.org', 'board_reply_recipients: a reply from B goes to A''s members');
select is((select string_agg(email, ',' order by email) from public.board_reply_recipients(pg_temp.id('replyA'))),
  'owner.b@example.org', '… and one from A to B''s');

-- ---------------------------------------------------------------------------------------------
-- Nearby groups

select pg_temp.act('anon');
select throws_ok($$ select * from public.nearby_groups(pg_temp.id('A')) $$, '42501', null, 'anon cannot call nearby_groups');
select pg_temp.act('ed_a');
select results_eq($$ select id, shared_outcomes from public.nearby_groups(pg_temp.id('A')) $$,
  $$ values (pg_temp.id('C'), array['seeing-people', 'things-to-do']), (pg_temp.id('B'), array['seeing-people']) $$,
  'nearby_groups: C (two outcomes shared) before B (one, and nearer); never A itself, nor P (pending)');

select * from finish();
rollback;
