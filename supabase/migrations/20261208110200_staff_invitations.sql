-- Staff invitations by e-mail (ADR 015): an admin invites an address to a role (moderator, staff,
-- admin), optionally with departments and the department scope. The database makes the token (a
-- random 64-hex-digit string), keeps only its SHA-256 and hands the token to the notification
-- worker once, through private.invitation_mails, which forgets it as soon as the mail is sent.
-- Whoever signs in with the invited address and opens the link accepts it: the role (never
-- lowered), the departments and the scope apply. Single use, 7 days, revocable; audited.

create table private.staff_invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (char_length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.user_role not null check (role in ('moderator', 'staff', 'admin')),
  department_ids smallint[] not null default '{}' check (cardinality(department_ids) <= 100),
  department_scoped boolean not null default false,
  locale text not null default 'de' check (locale in ('de', 'en')),
  token_hash bytea not null unique,
  invited_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references public.profiles (id) on delete set null,
  revoked_at timestamptz,
  constraint staff_invitations_departments_are_staff
    check (cardinality(department_ids) = 0 or role in ('staff', 'admin')),
  constraint staff_invitations_scope_is_staff
    check (not department_scoped or (role = 'staff' and cardinality(department_ids) > 0)),
  constraint staff_invitations_closed_once check (accepted_at is null or revoked_at is null)
);

comment on table private.staff_invitations is
  'Invitations to a staff role by e-mail (token stored as SHA-256 only). Only functions read and write.';

create index staff_invitations_email_idx on private.staff_invitations (lower(email), created_at desc);
create index staff_invitations_created_idx on private.staff_invitations (created_at desc);

-- In the private schema: the invited address is personal data and no API reads the table; admins
-- list invitations through admin_staff_invitations().
alter table private.staff_invitations enable row level security;

revoke all on private.staff_invitations from public, anon, authenticated, service_role;

create trigger staff_invitations_audit
  after insert or update or delete on private.staff_invitations
  for each row execute function private.audit_row_change();

-- The invitation mails still to send, with their token (only here, only until sent).
create table private.invitation_mails (
  invitation_id uuid primary key references private.staff_invitations (id) on delete cascade,
  token text not null,
  lease_until timestamptz,
  attempts integer not null default 0
);

revoke all on private.invitation_mails from public, anon, authenticated, service_role;

-- An admin invites an address. A newer invitation to the same address revokes the open one.
create function public.invite_staff(
  email text,
  role public.user_role,
  departments smallint[] default '{}',
  scoped boolean default false,
  locale text default 'de'
) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  address text := lower(btrim(coalesce(email, '')));
  wanted smallint[];
  token text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
  invitation uuid;
begin
  perform private.require_role('admin');
  if char_length(address) > 254 or address !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.fail('email_invalid', 'An e-mail address such as name@example.org.');
  end if;
  if invite_staff.role is null or invite_staff.role not in ('moderator', 'staff', 'admin') then
    perform private.fail('role_invalid', 'Invite to moderator, staff or admin.');
  end if;
  select coalesce(array_agg(distinct d order by d), '{}') into wanted
    from unnest(coalesce(departments, '{}')) d;
  if exists (select 1 from unnest(wanted) d where not exists (select 1 from public.departments x where x.id = d)) then
    perform private.fail('department_unknown', 'No such department.');
  end if;
  if cardinality(wanted) > 0 and invite_staff.role not in ('staff', 'admin') then
    perform private.fail('member_not_staff', 'Only staff members work in a department.');
  end if;
  if coalesce(scoped, false) and (invite_staff.role <> 'staff' or cardinality(wanted) = 0) then
    perform private.fail('scope_not_staff', 'Only staff members with a department are limited to it.');
  end if;
  update private.staff_invitations i set revoked_at = now()
   where lower(i.email) = address and i.accepted_at is null and i.revoked_at is null;
  insert into private.staff_invitations (email, role, department_ids, department_scoped, locale,
                                        token_hash, invited_by)
  values (address, invite_staff.role, wanted, coalesce(scoped, false),
          case when invite_staff.locale = 'en' then 'en' else 'de' end,
          sha256(convert_to(token, 'UTF8')), (select auth.uid()))
  returning id into invitation;
  insert into private.invitation_mails (invitation_id, token) values (invitation, token);
  perform pg_notify('stadtidee_notifications', 'invitation');
  return invitation;
end;
$$;

comment on function public.invite_staff(text, public.user_role, smallint[], boolean, text) is
  'Admins: invite an e-mail address to a staff role; the worker mails the single-use link.';

revoke execute on function public.invite_staff(text, public.user_role, smallint[], boolean, text) from public, anon;
grant execute on function public.invite_staff(text, public.user_role, smallint[], boolean, text) to authenticated;

-- An admin revokes an open invitation (its mail, if not sent yet, is not sent).
create function public.revoke_staff_invitation(invitation uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_role('admin');
  update private.staff_invitations i set revoked_at = now()
   where i.id = revoke_staff_invitation.invitation and i.accepted_at is null and i.revoked_at is null;
  if not found then
    perform private.fail('invitation_closed', 'No open invitation with this id.');
  end if;
  delete from private.invitation_mails m where m.invitation_id = revoke_staff_invitation.invitation;
end;
$$;

revoke execute on function public.revoke_staff_invitation(uuid) from public, anon;
grant execute on function public.revoke_staff_invitation(uuid) to authenticated;

-- The invited person, signed in with the invited (confirmed) address, accepts: the role (never
-- lowered), the departments and the scope apply. Returns the role the person has now.
create function public.accept_staff_invitation(token text) returns public.user_role
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  inv private.staff_invitations;
  address text;
  before_role public.user_role;
  after_role public.user_role;
begin
  if uid is null or private.is_anonymous() then
    perform private.fail('not_signed_in', 'Sign in with the invited address first.', '42501');
  end if;
  select i.* into inv from private.staff_invitations i
   where i.token_hash = sha256(convert_to(coalesce(accept_staff_invitation.token, ''), 'UTF8'))
     for update;
  if not found then
    perform private.fail('invitation_invalid', 'This invitation link is not valid.', 'P0002');
  end if;
  if inv.accepted_at is not null or inv.revoked_at is not null then
    perform private.fail('invitation_closed', 'This invitation was used or revoked.');
  end if;
  if inv.expires_at <= now() then
    perform private.fail('invitation_expired', 'This invitation has expired.');
  end if;
  select lower(u.email) into address from auth.users u
   where u.id = uid and u.email_confirmed_at is not null;
  if address is distinct from lower(inv.email) then
    perform private.fail('invitation_other_email',
      'This invitation is for another e-mail address.', '42501');
  end if;
  select p.role into before_role from public.profiles p where p.id = uid for update;
  after_role := greatest(before_role, inv.role);
  update public.profiles p
     set role = after_role,
         department_scoped = inv.department_scoped and after_role = 'staff',
         updated_at = now()
   where p.id = uid;
  insert into public.department_members (department_id, user_id)
  select d, uid from unnest(inv.department_ids) d
   where exists (select 1 from public.departments x where x.id = d)
  on conflict do nothing;
  update private.staff_invitations i set accepted_at = now(), accepted_by = uid where i.id = inv.id;
  delete from private.invitation_mails m where m.invitation_id = inv.id;
  perform private.audit('profiles.set_role', 'profiles', uid::text,
    jsonb_build_object('old', before_role, 'new', after_role, 'invitation', inv.id,
                       'departments', inv.department_ids, 'scoped', inv.department_scoped));
  return after_role;
end;
$$;

comment on function public.accept_staff_invitation(text) is
  'The invited person (signed in with the invited address) takes the invitation''s role and departments.';

revoke execute on function public.accept_staff_invitation(text) from public, anon;
grant execute on function public.accept_staff_invitation(text) to authenticated;

-- The worker's send step for invitations: leases the mails due (open, not expired).
create function private.claim_invitation_mails(max_mails integer default 20, lease_seconds integer default 120)
returns table (id uuid, email text, locale text, role public.user_role, token text,
               expires_at timestamptz, inviter text)
language sql
security definer
set search_path = ''
as $$
  with claimed as (
    select m.invitation_id from private.invitation_mails m
      join private.staff_invitations i on i.id = m.invitation_id
     where (m.lease_until is null or m.lease_until < now())
       and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
     order by i.created_at
     limit greatest(1, least(coalesce(max_mails, 20), 100))
       for update of m skip locked
  )
  update private.invitation_mails m
     set lease_until = now() + make_interval(secs => greatest(10, coalesce(lease_seconds, 120))),
         attempts = m.attempts + 1
    from claimed c, private.staff_invitations i
    left join public.profiles p on p.id = i.invited_by
   where m.invitation_id = c.invitation_id and i.id = c.invitation_id
  returning i.id, i.email, i.locale, i.role, m.token, i.expires_at, p.display_name
$$;

revoke execute on function private.claim_invitation_mails(integer, integer) from public;

-- SMTP took the invitation mail: the token is forgotten.
create function private.invitation_mail_sent(invitation uuid) returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.invitation_mails m where m.invitation_id = invitation_mail_sent.invitation
$$;

revoke execute on function private.invitation_mail_sent(uuid) from public;

grant execute on function private.claim_invitation_mails(integer, integer) to stadtidee_notifier;
grant execute on function private.invitation_mail_sent(uuid) to stadtidee_notifier;

-- Admins: the invitations, newest first (at most 200), with who invited and their state.
create function public.admin_staff_invitations()
returns table (id uuid, email text, role public.user_role, department_ids smallint[],
               department_scoped boolean, invited_by text, created_at timestamptz,
               expires_at timestamptz, accepted_at timestamptz, accepted_by text,
               revoked_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('admin');
  return query
    select i.id, i.email, i.role, i.department_ids, i.department_scoped, p.display_name,
           i.created_at, i.expires_at, i.accepted_at, a.display_name, i.revoked_at
      from private.staff_invitations i
      left join public.profiles p on p.id = i.invited_by
      left join public.profiles a on a.id = i.accepted_by
     order by i.created_at desc, i.id
     limit 200;
end;
$$;

comment on function public.admin_staff_invitations() is
  'Admins: the staff invitations (newest 200) with inviter, acceptor and dates.';

revoke execute on function public.admin_staff_invitations() from public, anon;
grant execute on function public.admin_staff_invitations() to authenticated;
