-- "Not found" answers 404 through the API, not 500. PostgREST answers 500 for PL/pgSQL's
-- no_data_found (P0002); a custom SQLSTATE PTxyz makes it answer status xyz. Every function that
-- reports a missing row says so through private.fail with P0002, which now raises PT404; the
-- three that raised it themselves are below.

create or replace function private.fail(code text, detail text default null, errcode text default 'P0001')
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  raise exception '%', code using
    errcode = case fail.errcode when 'P0002' then 'PT404' else fail.errcode end,
    detail = coalesce(fail.detail, code);
end;
$$;

create or replace function public.set_user_role(user_id uuid, role public.user_role) returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  before_role public.user_role;
  result public.profiles;
begin
  if not public.has_role('admin') then
    raise exception 'forbidden' using errcode = '42501', detail = 'Only admins change roles.';
  end if;
  select p.role into before_role from public.profiles p where p.id = set_user_role.user_id for update;
  if not found then
    perform private.fail('profile_not_found', 'No such user.', 'P0002');
  end if;
  if before_role = 'admin' and set_user_role.role <> 'admin'
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    raise exception 'last_admin' using errcode = 'P0001', detail = 'Appoint another admin first.';
  end if;
  update public.profiles p set role = set_user_role.role, updated_at = now()
   where p.id = set_user_role.user_id
  returning p.* into result;
  if before_role is distinct from set_user_role.role then
    perform private.audit('profiles.set_role', 'profiles', set_user_role.user_id::text,
      jsonb_build_object('old', before_role, 'new', set_user_role.role));
  end if;
  return result;
end;
$$;
