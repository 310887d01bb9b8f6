-- The peer-support network (issue 7): a group's peer supporters and their safeguarding checks,
-- brokered introductions (never direct contact), stories of what helped, and groups helping groups
-- (nearby groups and a shared board of needs and offers with replies).
--
-- Who sees what:
--   peer_supporters            everyone, once the group has confirmed current checks; the group and moderators always
--   peer_supporter_checks      the group and moderators only; only an owner confirms
--   introductions              whoever handles them in the group (its setting) and moderators; the server writes them
--   stories                    everyone once a moderator publishes; moderators all; the server writes them
--   board_posts                members of published groups, and moderators
--   board_replies              the two groups in the exchange, and moderators

-- ---------------------------------------------------------------------------------------------
-- What public text may not carry: contact details and links. The pages run a friendlier check
-- first that says what it found (src/lib/domain/safe-text.ts); these are the last word.

create function public.has_web_link(t text) returns boolean
  language sql immutable set search_path = ''
  as $$
    -- An email address is a contact detail, not a link: its domain is not counted (fix: a board
    -- reply, where a phone number is fine, refused an email address, which safe-text.ts allows).
    select coalesce(regexp_replace(t, '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+', ' ', 'gi')
                    ~* '(https?://|www\.|\m[a-z0-9-]+\.(com|org|net|uk|cymru|wales|info|io|me|ly|co|biz)\M)', false)
  $$;

create function public.has_contact_details(t text) returns boolean
  language sql immutable set search_path = ''
  as $$
    select coalesce(
      public.has_web_link(t)
      -- an email address
      or t ~* '[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+'
      -- a social media handle
      or t ~* '(^|[^a-z0-9.])@[a-z_][a-z0-9_]+'
      -- a UK phone number: 0 or +44, then nine or ten more digits, spaces and dashes allowed
      or t ~ '(\+ ?44|(^|[^0-9])0)[ ()-]*([0-9][ ()-]*){9,10}([^0-9]|$)',
      false)
  $$;
grant execute on function public.has_web_link(text), public.has_contact_details(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Peer supporters

create table public.peer_supporters (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- A first name or an alias: never a full name, never contact details.
  display_name text not null check (char_length(display_name) between 1 and 40 and not public.has_contact_details(display_name)),
  -- "I've been there": a line in the supporter's own words.
  been_there_en text not null check (char_length(been_there_en) between 1 and 300 and not public.has_contact_details(been_there_en)),
  been_there_cy text check (char_length(been_there_cy) between 1 and 300 and not public.has_contact_details(been_there_cy)),
  languages text[] not null default '{en}' check (cardinality(languages) >= 1 and languages <@ array[
    'en', 'cy', 'bsl', 'pl', 'ar', 'ur', 'bn', 'pa', 'so', 'zh', 'ro', 'uk'
  ]::text[]),
  availability_en text not null default '' check (char_length(availability_en) <= 200 and not public.has_contact_details(availability_en)),
  availability_cy text check (char_length(availability_cy) <= 200 and not public.has_contact_details(availability_cy)),
  -- draft: being set up; published: shown once its checks are current; paused: hidden for now.
  status text not null default 'draft' check (status in ('draft', 'published', 'paused')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index peer_supporters_organisation_idx on public.peer_supporters (organisation_id);

create table public.peer_supporter_outcomes (
  peer_supporter_id uuid not null references public.peer_supporters (id) on delete cascade,
  outcome_id text not null references public.outcomes (id) on delete cascade,
  primary key (peer_supporter_id, outcome_id)
);

-- Safeguarding, one row per supporter: the check the role needs (DBS in England and Wales, PVG
-- in Scotland, AccessNI in Northern Ireland, or none needed), its date, training and a named
-- supervisor, and the owner who confirmed them.
create table public.peer_supporter_checks (
  peer_supporter_id uuid primary key references public.peer_supporters (id) on delete cascade,
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  check_kind text not null check (check_kind in ('dbs', 'pvg', 'access_ni', 'none')),
  checked_on date,
  training text check (char_length(training) between 1 and 200),
  trained_on date,
  supervisor text check (char_length(supervisor) between 1 and 100),
  confirmed_by uuid references auth.users (id) on delete set null,
  confirmed_at timestamptz,
  updated_at timestamptz not null default now(),
  check (check_kind = 'none' or checked_on is not null or confirmed_at is null)
);
create index peer_supporter_checks_organisation_idx on public.peer_supporter_checks (organisation_id);

-- Current: a check (unless none is needed) from the last three years — the re-check interval
-- most groups use, as DBS certificates carry no expiry — training done, a supervisor named, and
-- an owner's confirmation.
create function public.checks_are_current(c public.peer_supporter_checks) returns boolean
  language sql stable set search_path = ''
  as $$
    -- coalesce (fix): a DBS, PVG or AccessNI check with no date gave null, not false, so confirming
    -- it met the table's check constraint (23514) instead of the hint checks_not_current.
    select coalesce(c.confirmed_at is not null and c.training is not null and c.trained_on is not null
       and c.trained_on <= current_date and c.supervisor is not null
       and (c.check_kind = 'none' or (c.checked_on <= current_date and c.checked_on > current_date - interval '3 years')), false)
  $$;

create function public.peer_supporter_is_public(supporter uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.peer_supporters s
        join public.organisations g on g.id = s.organisation_id
        join public.peer_supporter_checks c on c.peer_supporter_id = s.id
       where s.id = supporter and s.status = 'published' and g.status = 'published' and public.checks_are_current(c)
    )
  $$;

create function public.peer_supporter_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'UPDATE' then
      new.organisation_id := old.organisation_id;
      new.created_at := old.created_at;
    end if;
    new.updated_at := now();
    if new.status = 'published' and (tg_op = 'INSERT' or old.status is distinct from 'published') and not exists (
      select 1 from public.peer_supporter_checks c where c.peer_supporter_id = new.id and public.checks_are_current(c)
    ) then
      raise exception 'A supporter is shown only once their checks are current and confirmed'
        using errcode = 'P0001', hint = 'checks_not_current';
    end if;
    return new;
  end
  $$;
create trigger peer_supporter_guard before insert or update on public.peer_supporters
  for each row execute function public.peer_supporter_guard();

-- Not security definer (fix): inside one, current_user is the function's owner, so
-- acting_for_a_request() was false and an editor could confirm checks (any date, no confirmed_by).
-- The caller reads the supporter through RLS: only its group may write these rows anyway.
create function public.peer_checks_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  declare
    details_changed boolean := tg_op = 'INSERT' or (new.check_kind, new.checked_on, new.training, new.trained_on, new.supervisor)
      is distinct from (old.check_kind, old.checked_on, old.training, old.trained_on, old.supervisor);
    confirming boolean := new.confirmed_at is not null and (tg_op = 'INSERT' or new.confirmed_at is distinct from old.confirmed_at);
  begin
    select s.organisation_id into new.organisation_id from public.peer_supporters s where s.id = new.peer_supporter_id;
    new.updated_at := now();
    if confirming then
      if public.acting_for_a_request() and not public.is_owner_of(new.organisation_id) then
        raise exception 'Only an owner of the group confirms checks' using errcode = '42501', hint = 'owner_confirms';
      end if;
      if public.acting_for_a_request() then
        new.confirmed_by := auth.uid();
        new.confirmed_at := now();
      end if;
      if not public.checks_are_current(new) then
        raise exception 'These checks are not current' using errcode = 'P0001', hint = 'checks_not_current';
      end if;
    elsif details_changed then
      -- Changed details need confirming again.
      new.confirmed_at := null;
      new.confirmed_by := null;
    elsif tg_op = 'UPDATE' and new.confirmed_by is distinct from old.confirmed_by then
      new.confirmed_by := old.confirmed_by;
    end if;
    return new;
  end
  $$;
create trigger peer_checks_guard before insert or update on public.peer_supporter_checks
  for each row execute function public.peer_checks_guard();

alter table public.peer_supporters enable row level security;
alter table public.peer_supporter_outcomes enable row level security;
alter table public.peer_supporter_checks enable row level security;

create policy "everyone reads shown supporters; the group and moderators all" on public.peer_supporters
  for select to anon, authenticated
  using (public.peer_supporter_is_public(id) or public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "the group adds supporters" on public.peer_supporters
  for insert to authenticated with check (public.is_member_of(organisation_id));
create policy "the group edits its supporters" on public.peer_supporters
  for update to authenticated using (public.is_member_of(organisation_id)) with check (public.is_member_of(organisation_id));
create policy "the group removes its supporters" on public.peer_supporters
  for delete to authenticated using (public.is_member_of(organisation_id));
create policy "service role manages supporters" on public.peer_supporters for all to service_role using (true) with check (true);

create policy "outcomes follow their supporter" on public.peer_supporter_outcomes
  for select to anon, authenticated using (exists (select 1 from public.peer_supporters s where s.id = peer_supporter_id));
create policy "the group sets its supporters' outcomes" on public.peer_supporter_outcomes
  for insert to authenticated with check (exists (
    select 1 from public.peer_supporters s where s.id = peer_supporter_id and public.is_member_of(s.organisation_id)));
create policy "the group removes its supporters' outcomes" on public.peer_supporter_outcomes
  for delete to authenticated using (exists (
    select 1 from public.peer_supporters s where s.id = peer_supporter_id and public.is_member_of(s.organisation_id)));
create policy "service role manages supporter outcomes" on public.peer_supporter_outcomes for all to service_role using (true) with check (true);

create policy "the group and moderators read checks" on public.peer_supporter_checks
  for select to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "the group records checks" on public.peer_supporter_checks
  for insert to authenticated with check (exists (
    select 1 from public.peer_supporters s where s.id = peer_supporter_id and public.is_member_of(s.organisation_id)));
create policy "the group updates checks" on public.peer_supporter_checks
  for update to authenticated using (public.is_member_of(organisation_id)) with check (public.is_member_of(organisation_id));
create policy "service role manages checks" on public.peer_supporter_checks for all to service_role using (true) with check (true);

revoke all on public.peer_supporters, public.peer_supporter_outcomes, public.peer_supporter_checks from anon, authenticated;
grant select on public.peer_supporters, public.peer_supporter_outcomes to anon, authenticated;
grant insert (organisation_id, display_name, been_there_en, been_there_cy, languages, availability_en, availability_cy, status),
  update (display_name, been_there_en, been_there_cy, languages, availability_en, availability_cy, status),
  delete on public.peer_supporters to authenticated;
grant insert, delete on public.peer_supporter_outcomes to authenticated;
grant select, insert (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_at),
  update (check_kind, checked_on, training, trained_on, supervisor, confirmed_at) on public.peer_supporter_checks to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Brokered introductions. The group chooses who handles them: all its members review each one
-- ('group_reviews'), or only its owners and the coordinators it names ('coordinators').

create table public.peer_support_settings (
  organisation_id uuid primary key references public.organisations (id) on delete cascade,
  introductions_by text not null default 'group_reviews' check (introductions_by in ('group_reviews', 'coordinators')),
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

create table public.introduction_coordinators (
  organisation_id uuid not null,
  user_id uuid not null,
  primary key (organisation_id, user_id),
  -- A coordinator is a member: leaving the group ends the role.
  foreign key (organisation_id, user_id) references public.organisation_members (organisation_id, user_id) on delete cascade
);

create function public.handles_introductions(organisation uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select public.is_owner_of(organisation) or case
      coalesce((select s.introductions_by from public.peer_support_settings s where s.organisation_id = organisation), 'group_reviews')
      when 'group_reviews' then public.is_member_of(organisation)
      else exists (select 1 from public.introduction_coordinators c where c.organisation_id = organisation and c.user_id = auth.uid())
    end
  $$;

alter table public.peer_support_settings enable row level security;
alter table public.introduction_coordinators enable row level security;
create policy "the group and moderators read the setting" on public.peer_support_settings
  for select to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "owners choose the setting" on public.peer_support_settings
  for insert to authenticated with check (public.is_owner_of(organisation_id));
create policy "owners change the setting" on public.peer_support_settings
  for update to authenticated using (public.is_owner_of(organisation_id)) with check (public.is_owner_of(organisation_id));
create policy "service role manages settings" on public.peer_support_settings for all to service_role using (true) with check (true);
create policy "the group and moderators read coordinators" on public.introduction_coordinators
  for select to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "owners name coordinators" on public.introduction_coordinators
  for insert to authenticated with check (public.is_owner_of(organisation_id));
create policy "owners remove coordinators" on public.introduction_coordinators
  for delete to authenticated using (public.is_owner_of(organisation_id));
create policy "service role manages coordinators" on public.introduction_coordinators for all to service_role using (true) with check (true);
revoke all on public.peer_support_settings, public.introduction_coordinators from anon, authenticated;
grant select, insert (organisation_id, introductions_by), update (introductions_by) on public.peer_support_settings to authenticated;
grant select, insert, delete on public.introduction_coordinators to authenticated;

create function public.peer_settings_stamp() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    new.updated_by := auth.uid();
    new.updated_at := now();
    return new;
  end
  $$;
create trigger peer_settings_stamp before insert or update on public.peer_support_settings
  for each row execute function public.peer_settings_stamp();

create table public.introductions (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- To one supporter, or to the group's peer support in general (an offer, or neither).
  peer_supporter_id uuid references public.peer_supporters (id) on delete set null,
  offer_id uuid references public.offers (id) on delete set null,
  -- Who asks: the person, or a practitioner for someone they support (with that person's agreement).
  requester text not null check (requester in ('person', 'practitioner')),
  practitioner_id uuid references auth.users (id) on delete set null,
  name text not null check (char_length(name) between 1 and 80),
  email text check (char_length(email) between 3 and 254),
  phone text check (char_length(phone) between 6 and 30),
  best_time text check (char_length(best_time) <= 200),
  message text not null default '' check (char_length(message) <= 1000),
  language text not null default 'en' check (language in ('en', 'cy')),
  consent_at timestamptz not null,
  sender_hash text not null check (sender_hash ~ '^[0-9a-f]{64}$'),
  -- new → accepted (the group is arranging it) → introduced; or declined.
  status text not null default 'new' check (status in ('new', 'accepted', 'introduced', 'declined')),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  check (email is not null or phone is not null)
);
create index introductions_organisation_idx on public.introductions (organisation_id, created_at desc);
create index introductions_sender_idx on public.introductions (sender_hash, organisation_id, created_at);
alter table public.introductions enable row level security;

create policy "those who handle introductions, and moderators, read them" on public.introductions
  for select to authenticated using (public.handles_introductions(organisation_id) or public.has_role('moderator'));
create policy "those who handle introductions move them on" on public.introductions
  for update to authenticated using (public.handles_introductions(organisation_id)) with check (public.handles_introductions(organisation_id));
create policy "service role manages introductions" on public.introductions for all to service_role using (true) with check (true);
revoke all on public.introductions from anon, authenticated;
grant select (id, organisation_id, peer_supporter_id, offer_id, requester, practitioner_id, name, email, phone, best_time,
              message, language, consent_at, status, decided_by, decided_at, created_at) on public.introductions to authenticated;
grant update (status) on public.introductions to authenticated;

create function public.introduction_decided() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if new.status is distinct from old.status then
      new.decided_by := auth.uid();
      new.decided_at := now();
    end if;
    return new;
  end
  $$;
create trigger introduction_decided before update on public.introductions
  for each row execute function public.introduction_decided();

-- A person or practitioner asks to be introduced (the server calls this after checking the form,
-- consent included). Limits as for contact requests: 5 an hour from one sender, 3 a day from one
-- sender to one group, 100 a day to one group. Returns the introduction's id.
create function public.submit_introduction(
  organisation uuid, supporter uuid, offer uuid, requester text, practitioner uuid,
  name text, email text, phone text, best_time text, message text, language text, sender_hash text
) returns uuid
  language plpgsql security definer set search_path = ''
  as $$
  declare
    created uuid;
  begin
    if not exists (select 1 from public.organisations g where g.id = organisation and g.status = 'published')
       or (supporter is not null and not exists (
         select 1 from public.peer_supporters s where s.id = supporter and s.organisation_id = organisation
            and public.peer_supporter_is_public(s.id)))
       or (offer is not null and not exists (
         select 1 from public.offers f where f.id = offer and f.organisation_id = organisation and f.status = 'published')) then
      raise exception 'That group or supporter is not in the directory' using errcode = 'P0001', hint = 'not_found';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('introduction:' || organisation, 0));
    if (select count(*) from public.introductions i where i.organisation_id = organisation
          and i.created_at > now() - interval '1 day') >= 100 then
      raise exception 'This group has had a great many requests today' using errcode = 'P0001', hint = 'group_busy';
    end if;
    -- In this order, so a request refused by the daily count does not also use an hourly slot.
    if (select count(*) from public.introductions i where i.sender_hash = submit_introduction.sender_hash
          and i.organisation_id = organisation and i.created_at > now() - interval '1 day') >= 3 then
      raise exception 'Too many requests just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    if not public.take_request_slot('introduction', sender_hash, 5, interval '1 hour') then
      raise exception 'Too many requests just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    insert into public.introductions (organisation_id, peer_supporter_id, offer_id, requester, practitioner_id, name, email, phone,
                                      best_time, message, language, consent_at, sender_hash)
    values (organisation, supporter, offer, requester, case when requester = 'practitioner' then practitioner end,
            btrim(name), nullif(btrim(email), ''), nullif(btrim(phone), ''), nullif(btrim(best_time), ''),
            coalesce(btrim(message), ''), coalesce(language, 'en'), now(), sender_hash)
    returning id into created;
    return created;
  end
  $$;

-- Who to tell about a new introduction: exactly those who may read it, in their language.
create function public.introduction_recipients(organisation uuid)
  returns table (email text, language text)
  language sql stable security definer set search_path = ''
  as $$
    select p.email, p.language
      from public.organisation_members m
      join public.profiles p on p.id = m.user_id
     where m.organisation_id = organisation and p.email <> '' and (
       m.role = 'owner'
       or coalesce((select s.introductions_by from public.peer_support_settings s where s.organisation_id = organisation), 'group_reviews') = 'group_reviews'
       or exists (select 1 from public.introduction_coordinators c where c.organisation_id = organisation and c.user_id = m.user_id))
  $$;

create function public.purge_introductions(older_than interval) returns integer
  language sql security definer set search_path = ''
  as $$
    with removed as (delete from public.introductions i where i.created_at < now() - older_than returning 1)
    select count(*)::int from removed
  $$;

-- ---------------------------------------------------------------------------------------------
-- Stories of what helped: anonymous by default, moderated before anyone sees them.

create table public.stories (
  id uuid primary key default gen_random_uuid(),
  body text not null check (char_length(body) between 40 and 1500 and not public.has_contact_details(body)),
  language text not null default 'en' check (language in ('en', 'cy')),
  -- A first name or "a carer from Merthyr", if the writer wishes; null is anonymous.
  signed_as text check (char_length(signed_as) between 1 and 40 and not public.has_contact_details(signed_as)),
  offer_id uuid references public.offers (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'published', 'declined', 'taken_down')),
  -- For the writer's own sake a moderator may say why, in the moderation queue only.
  moderation_note text check (char_length(moderation_note) <= 500),
  moderated_by uuid references auth.users (id) on delete set null,
  moderated_at timestamptz,
  published_at timestamptz,
  -- Not stored by submit_story: the limit lives in request_limits, and "nothing you wrote is linked
  -- to you" should hold. Kept as a column only for rows written before that rule.
  sender_hash text check (sender_hash ~ '^[0-9a-f]{64}$'),
  -- Demonstration stories (scripts/seed.ts --reset removes them; they outlive their group).
  is_demo boolean not null default false,
  -- The week it was written, not the moment: a published story should not be linkable to a visit.
  written_week date not null default date_trunc('week', now())::date,
  created_at timestamptz not null default now()
);
create index stories_published_idx on public.stories (published_at desc) where status = 'published';
create index stories_offer_idx on public.stories (offer_id) where status = 'published';
create index stories_organisation_idx on public.stories (organisation_id) where status = 'published';
create index stories_queue_idx on public.stories (created_at) where status = 'pending';

create table public.story_outcomes (
  story_id uuid not null references public.stories (id) on delete cascade,
  outcome_id text not null references public.outcomes (id) on delete cascade,
  primary key (story_id, outcome_id)
);
create index story_outcomes_outcome_idx on public.story_outcomes (outcome_id);

create table public.story_reports (
  id uuid primary key default gen_random_uuid(),
  story_id uuid not null references public.stories (id) on delete cascade,
  reason text not null check (reason in ('contact_details', 'identifies_someone', 'hurtful', 'untrue', 'other')),
  note text check (char_length(note) <= 500),
  sender_hash text not null check (sender_hash ~ '^[0-9a-f]{64}$'),
  resolved_by uuid references auth.users (id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index story_reports_open_idx on public.story_reports (created_at) where resolved_at is null;

create function public.story_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' then
      if new.offer_id is not null then
        select f.organisation_id into new.organisation_id from public.offers f where f.id = new.offer_id;
      end if;
      if new.status <> 'pending' and public.acting_for_a_request() then
        new.status := 'pending';
      end if;
      return new;
    end if;
    -- Moderators decide; the words stay the writer's.
    if (new.body, new.language, new.signed_as, new.offer_id, new.organisation_id, new.sender_hash, new.written_week, new.created_at)
       is distinct from (old.body, old.language, old.signed_as, old.offer_id, old.organisation_id, old.sender_hash, old.written_week, old.created_at)
       and public.acting_for_a_request() then
      raise exception 'A story''s words are the writer''s' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
      new.moderated_by := auth.uid();
      new.moderated_at := now();
      if new.status = 'published' and old.published_at is null then
        new.published_at := now();
      end if;
      if new.status in ('taken_down', 'declined') then
        -- Only resolved_at (fix): a moderator may update no other column of a report, so setting
        -- resolved_by here refused every take-down of a reported story; story_report_resolved sets it.
        update public.story_reports r set resolved_at = now()
         where r.story_id = new.id and r.resolved_at is null;
      end if;
    end if;
    return new;
  end
  $$;
create trigger story_guard before insert or update on public.stories
  for each row execute function public.story_guard();

create function public.story_report_resolved() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if new.resolved_at is not null and old.resolved_at is null and public.acting_for_a_request() then
      new.resolved_by := auth.uid();
      new.resolved_at := now();
    end if;
    return new;
  end
  $$;
create trigger story_report_resolved before update on public.story_reports
  for each row execute function public.story_report_resolved();

alter table public.stories enable row level security;
alter table public.story_outcomes enable row level security;
alter table public.story_reports enable row level security;

create policy "everyone reads published stories; moderators all" on public.stories
  for select to anon, authenticated using (status = 'published' or public.has_role('moderator'));
create policy "moderators decide on stories" on public.stories
  for update to authenticated using (public.has_role('moderator')) with check (public.has_role('moderator'));
create policy "moderators remove stories" on public.stories
  for delete to authenticated using (public.has_role('moderator'));
create policy "service role manages stories" on public.stories for all to service_role using (true) with check (true);
create policy "outcomes follow their story" on public.story_outcomes
  for select to anon, authenticated using (exists (select 1 from public.stories s where s.id = story_id));
create policy "service role manages story outcomes" on public.story_outcomes for all to service_role using (true) with check (true);
create policy "moderators read story reports" on public.story_reports
  for select to authenticated using (public.has_role('moderator'));
create policy "moderators resolve story reports" on public.story_reports
  for update to authenticated using (public.has_role('moderator')) with check (public.has_role('moderator'));
create policy "service role manages story reports" on public.story_reports for all to service_role using (true) with check (true);

revoke all on public.stories, public.story_outcomes, public.story_reports from anon, authenticated;
-- What anyone may read of a story. When it was sent, who moderated it and the note stay out: a
-- published story should not be linkable to a visit. Moderators read those through
-- stories_for_moderation() below.
grant select (id, body, language, signed_as, offer_id, organisation_id, status, published_at, written_week)
  on public.stories to anon, authenticated;
grant update (status, moderation_note), delete on public.stories to authenticated;
grant select on public.story_outcomes to anon, authenticated;
grant select (id, story_id, reason, note, resolved_by, resolved_at, created_at), update (resolved_at) on public.story_reports to authenticated;

-- Every story with its moderation details, for moderators only (empty for anyone else).
create function public.stories_for_moderation()
  returns table (id uuid, body text, language text, signed_as text, offer_id uuid, organisation_id uuid, status text,
                 moderation_note text, moderated_by uuid, moderated_at timestamptz, published_at timestamptz,
                 written_week date, created_at timestamptz)
  language sql stable security definer set search_path = ''
  as $$
    select s.id, s.body, s.language, s.signed_as, s.offer_id, s.organisation_id, s.status, s.moderation_note, s.moderated_by,
           s.moderated_at, s.published_at, s.written_week, s.created_at
      from public.stories s where public.has_role('moderator')
  $$;

-- A story from the story form, written by the server after its checks: 3 an hour from one sender.
create function public.submit_story(
  body text, language text, signed_as text, offer uuid, organisation uuid, outcome_ids text[], sender_hash text
) returns uuid
  language plpgsql security definer set search_path = ''
  as $$
  declare
    created uuid;
    kept text[] := public.known_outcomes(outcome_ids, array['quality_of_life', 'change']);
  begin
    if offer is not null and not exists (select 1 from public.offers f where f.id = offer and f.status = 'published') then
      raise exception 'That offer is not in the directory' using errcode = 'P0001', hint = 'not_found';
    end if;
    if organisation is not null and not exists (select 1 from public.organisations g where g.id = organisation and g.status = 'published') then
      raise exception 'That group is not in the directory' using errcode = 'P0001', hint = 'not_found';
    end if;
    if not public.take_request_slot('story', sender_hash, 3, interval '1 hour') then
      raise exception 'Too many stories just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    insert into public.stories (body, language, signed_as, offer_id, organisation_id)
    values (btrim(body), coalesce(language, 'en'), nullif(btrim(signed_as), ''), offer, organisation)
    returning id into created;
    insert into public.story_outcomes (story_id, outcome_id) select created, unnest(kept);
    return created;
  end
  $$;

-- "Report this story": 5 an hour from one sender; one open report per sender per story.
create function public.report_story(story uuid, reason text, note text, sender_hash text) returns boolean
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if not exists (select 1 from public.stories s where s.id = story and s.status = 'published') then
      raise exception 'That story is not shown' using errcode = 'P0001', hint = 'not_found';
    end if;
    if exists (select 1 from public.story_reports r where r.story_id = story and r.sender_hash = report_story.sender_hash
                and r.resolved_at is null) then
      return false;
    end if;
    if not public.take_request_slot('story_report', sender_hash, 5, interval '1 hour') then
      raise exception 'Too many reports just now' using errcode = 'P0001', hint = 'too_many_requests';
    end if;
    insert into public.story_reports (story_id, reason, note, sender_hash)
    values (story, reason, nullif(btrim(note), ''), sender_hash);
    return true;
  end
  $$;

-- ---------------------------------------------------------------------------------------------
-- Groups helping groups: nearby groups that serve the same outcomes, and a shared board.

-- Published groups within reach of any of this group's places that serve at least one outcome
-- this group serves; most outcomes in common first, then nearest. Reads only published data, as
-- the caller (RLS applies).
create function public.nearby_groups(organisation uuid, within_km double precision default 25)
  returns table (id uuid, name text, name_cy text, town text, distance_km double precision, shared_outcomes text[])
  language sql stable set search_path = public, extensions, pg_temp
  as $$
    -- At most 100 km (rural Wales is wide): more is not "nearby", and would make the join scan every place.
    with reach as (select least(greatest(coalesce(within_km, 25), 1), 100) as km),
    mine as (
      select distinct oo.outcome_id from public.offers f join public.offer_outcomes oo on oo.offer_id = f.id
       where f.organisation_id = organisation and f.status in ('published', 'paused', 'pending', 'draft')
    ), my_places as (
      select ll_to_earth(l.lat, l.lng) as earth from public.locations l where l.organisation_id = organisation
    ), theirs as (
      -- The town of the place nearest to this group.
      select g.id, g.name, g.name_cy,
             (array_agg(l.town order by earth_distance(p.earth, ll_to_earth(l.lat, l.lng))))[1] as town,
             min(earth_distance(p.earth, ll_to_earth(l.lat, l.lng))) / 1000 as distance_km,
             array_agg(distinct oo.outcome_id) filter (where oo.outcome_id in (select outcome_id from mine)) as shared
        from public.organisations g
        join public.locations l on l.organisation_id = g.id
        join public.offers f on f.organisation_id = g.id and f.status = 'published'
        join public.offer_outcomes oo on oo.offer_id = f.id
        cross join my_places p
       where g.status = 'published' and g.id <> organisation
         and earth_box(p.earth, (select km from reach) * 1000) @> ll_to_earth(l.lat, l.lng)
         and earth_distance(p.earth, ll_to_earth(l.lat, l.lng)) <= (select km from reach) * 1000
       group by g.id, g.name, g.name_cy
    )
    select t.id, t.name, t.name_cy, t.town, round(t.distance_km::numeric, 1)::double precision, t.shared
      from theirs t
     where cardinality(t.shared) > 0
     order by cardinality(t.shared) desc, t.distance_km
     limit 12
  $$;

-- Whether the caller belongs to a published group: the board is for groups, not the public.
create function public.in_group_network() returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.organisation_members m join public.organisations g on g.id = m.organisation_id
       where m.user_id = auth.uid() and g.status = 'published'
    )
  $$;

create table public.board_posts (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  kind text not null check (kind in ('need', 'offer')),
  topic text not null check (topic in ('room', 'volunteers', 'transport', 'equipment', 'joint_session', 'skills', 'other')),
  title text not null check (char_length(title) between 3 and 120 and not public.has_contact_details(title)),
  body text not null check (char_length(body) between 10 and 1500 and not public.has_contact_details(body)),
  district text references public.postcode_districts (outcode) on delete set null,
  status text not null default 'open' check (status in ('open', 'closed', 'taken_down')),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index board_posts_open_idx on public.board_posts (created_at desc) where status = 'open';
create index board_posts_organisation_idx on public.board_posts (organisation_id, created_at desc);

-- One exchange per post and replying group: replies go back and forth between the post's group
-- and `with_organisation_id`, and only those two groups (and moderators) read them.
create table public.board_replies (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references public.board_posts (id) on delete cascade,
  with_organisation_id uuid not null references public.organisations (id) on delete cascade,
  from_organisation_id uuid not null references public.organisations (id) on delete cascade,
  -- Private between two groups, so a phone number to arrange things is fine; a link is not.
  body text not null check (char_length(body) between 1 and 1500 and not public.has_web_link(body)),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index board_replies_post_idx on public.board_replies (post_id, with_organisation_id, created_at);
create index board_replies_author_idx on public.board_replies (created_by, created_at);

create function public.board_post_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' then
      if public.acting_for_a_request() then
        new.created_by := auth.uid();
        new.status := 'open';
        if (select count(*) from public.board_posts p where p.organisation_id = new.organisation_id
              and p.created_at > now() - interval '1 day') >= 5 then
          raise exception 'A group may post five times a day' using errcode = 'P0001', hint = 'too_many_posts';
        end if;
      end if;
      return new;
    end if;
    new.organisation_id := old.organisation_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.updated_at := now();
    if public.acting_for_a_request() then
      if public.is_member_of(old.organisation_id) then
        -- A group edits and closes its own posts, but cannot bring back one a moderator took down.
        if not public.has_role('moderator') and (old.status = 'taken_down' or new.status = 'taken_down') then
          raise exception 'A moderator took this post down' using errcode = '42501', hint = 'taken_down';
        end if;
      elsif (new.kind, new.topic, new.title, new.body, new.district) is distinct from (old.kind, old.topic, old.title, old.body, old.district) then
        raise exception 'Moderators change only whether a post is shown' using errcode = '42501';
      end if;
    end if;
    return new;
  end
  $$;
create trigger board_post_guard before insert or update on public.board_posts
  for each row execute function public.board_post_guard();

-- How many replies the caller wrote in the last hour: created_by is not granted to the API roles.
create function public.my_replies_this_hour() returns bigint
  language sql stable security definer set search_path = ''
  as $$
    select count(*) from public.board_replies r where r.created_by = auth.uid() and r.created_at > now() - interval '1 hour'
  $$;

create function public.board_reply_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  declare
    post record;
  begin
    select p.organisation_id, p.status into post from public.board_posts p where p.id = new.post_id;
    if post.organisation_id = new.with_organisation_id
       or new.from_organisation_id not in (post.organisation_id, new.with_organisation_id) then
      raise exception 'A reply goes between the post''s group and one other group' using errcode = '23514';
    end if;
    if public.acting_for_a_request() then
      new.created_by := auth.uid();
      new.created_at := now();
      if post.status <> 'open' and new.from_organisation_id = new.with_organisation_id
         and not exists (select 1 from public.board_replies r where r.post_id = new.post_id and r.with_organisation_id = new.with_organisation_id) then
        raise exception 'This post is closed' using errcode = 'P0001', hint = 'post_closed';
      end if;
      if post.status = 'taken_down' then
        raise exception 'This post was taken down' using errcode = 'P0001', hint = 'post_closed';
      end if;
      -- The post's group answers a group that wrote first; it cannot open an exchange (and mail
      -- its members) with a group that never replied.
      if new.from_organisation_id = post.organisation_id and not exists (
        select 1 from public.board_replies r where r.post_id = new.post_id and r.with_organisation_id = new.with_organisation_id
           and r.from_organisation_id = new.with_organisation_id) then
        raise exception 'Only a group that replied can be answered' using errcode = 'P0001', hint = 'no_exchange';
      end if;
      if public.my_replies_this_hour() >= 30 then
        raise exception 'Thirty replies an hour is the limit' using errcode = 'P0001', hint = 'too_many_replies';
      end if;
    end if;
    return new;
  end
  $$;
create trigger board_reply_guard before insert on public.board_replies
  for each row execute function public.board_reply_guard();

alter table public.board_posts enable row level security;
alter table public.board_replies enable row level security;

create policy "groups in the network and moderators read the board" on public.board_posts
  for select to authenticated using (
    (status <> 'taken_down' and public.in_group_network()) or public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "a published group posts as itself" on public.board_posts
  for insert to authenticated with check (
    public.is_member_of(organisation_id)
    and exists (select 1 from public.organisations g where g.id = organisation_id and g.status = 'published'));
create policy "the group and moderators change a post" on public.board_posts
  for update to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'))
  with check (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "service role manages the board" on public.board_posts for all to service_role using (true) with check (true);

create policy "the two groups and moderators read an exchange" on public.board_replies
  for select to authenticated using (
    public.is_member_of(with_organisation_id) or public.has_role('moderator')
    or exists (select 1 from public.board_posts p where p.id = post_id and public.is_member_of(p.organisation_id)));
create policy "a group replies as itself" on public.board_replies
  for insert to authenticated with check (
    public.is_member_of(from_organisation_id)
    and exists (select 1 from public.organisations g where g.id = from_organisation_id and g.status = 'published')
    and exists (select 1 from public.board_posts p where p.id = post_id and p.status <> 'taken_down'));
create policy "service role manages replies" on public.board_replies for all to service_role using (true) with check (true);

revoke all on public.board_posts, public.board_replies from anon, authenticated;
-- Groups see which group wrote, not which of its members (created_by stays with the server).
grant select (id, organisation_id, kind, topic, title, body, district, status, created_at, updated_at),
  insert (organisation_id, kind, topic, title, body, district),
  update (kind, topic, title, body, district, status) on public.board_posts to authenticated;
grant select (id, post_id, with_organisation_id, from_organisation_id, body, created_at),
  insert (post_id, with_organisation_id, from_organisation_id, body) on public.board_replies to authenticated;

-- Who to tell about a reply: the members of the other group in the exchange, in their language.
create function public.board_reply_recipients(reply uuid)
  returns table (email text, language text, organisation_id uuid)
  language sql stable security definer set search_path = ''
  as $$
    select p.email, p.language, m.organisation_id
      from public.board_replies r
      join public.board_posts post on post.id = r.post_id
      join public.organisation_members m
        on m.organisation_id = case when r.from_organisation_id = post.organisation_id then r.with_organisation_id else post.organisation_id end
      join public.profiles p on p.id = m.user_id
     where r.id = reply and p.email <> ''
  $$;

-- ---------------------------------------------------------------------------------------------
-- Who may call what

revoke execute on function public.checks_are_current(public.peer_supporter_checks), public.peer_supporter_is_public(uuid),
  public.peer_supporter_guard(), public.peer_checks_guard(), public.handles_introductions(uuid), public.peer_settings_stamp(),
  public.introduction_decided(),
  public.submit_introduction(uuid, uuid, uuid, text, uuid, text, text, text, text, text, text, text),
  public.introduction_recipients(uuid), public.purge_introductions(interval), public.story_guard(), public.story_report_resolved(),
  public.submit_story(text, text, text, uuid, uuid, text[], text), public.report_story(uuid, text, text, text),
  public.stories_for_moderation(), public.nearby_groups(uuid, double precision), public.in_group_network(), public.board_post_guard(), public.board_reply_guard(),
  public.board_reply_recipients(uuid), public.my_replies_this_hour()
  from public, anon, authenticated;
grant execute on function public.checks_are_current(public.peer_supporter_checks), public.peer_supporter_is_public(uuid),
  public.handles_introductions(uuid), public.in_group_network() to anon, authenticated, service_role;
grant execute on function public.my_replies_this_hour() to authenticated, service_role;
grant execute on function public.nearby_groups(uuid, double precision), public.stories_for_moderation() to authenticated, service_role;
-- What a person sends (introductions, stories, reports) is written by the server after its checks,
-- with a sender hash it computes: open to the API roles, the limits could be skipped.
grant execute on function public.submit_introduction(uuid, uuid, uuid, text, uuid, text, text, text, text, text, text, text),
  public.introduction_recipients(uuid), public.purge_introductions(interval),
  public.submit_story(text, text, text, uuid, uuid, text[], text), public.report_story(uuid, text, text, text),
  public.board_reply_recipients(uuid) to service_role;

alter table public.outbox drop constraint outbox_kind_check;
alter table public.outbox add constraint outbox_kind_check check (kind in (
  'confirm_email', 'account_exists', 'reset_password', 'change_email', 'password_changed', 'invitation',
  'review_reminder', 'moderation_decision', 'report_answer', 'claim_decision', 'contact_request',
  'introduction_request', 'board_reply'
));

revoke truncate on all tables in schema public from anon, authenticated;
