import { intParam, paginate, type HandlerSpec } from "./handler-kit.js";
import { ApiError, created, notFound, ok, type Actor } from "./http-types.js";
import type { RegisteredApp } from "./model.js";
import { renderApp, renderInstallation, renderPublicUser, renderTeam, renderUser } from "./render-accounts.js";

/** The app behind a JWT (the router has already refused other credentials for these operations). */
function jwtApp(actor: Actor): RegisteredApp {
  if (actor.kind !== "app-jwt") throw new ApiError(401, "A JSON web token could not be decoded");
  return actor.app;
}

/** GitHub Apps (JWT-authenticated), users and teams. */
export const APP_HANDLERS: Record<string, HandlerSpec> = {
  "apps/get-authenticated": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      return ok({ ...renderApp(app, world.urls), installations_count: [...world.installations.values()].filter((i) => i.appId === app.id).length });
    },
  },
  "apps/list-installations": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const all = [...world.installations.values()].filter((i) => i.appId === app.id).map((i) => renderInstallation(i, app, world.urls));
      const { page, headers } = paginate(req, all);
      return ok(page, headers);
    },
  },
  "apps/get-installation": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const inst = world.installations.get(intParam(req, "installation_id"));
      if (!inst || inst.appId !== app.id) throw notFound();
      return ok(renderInstallation(inst, app, world.urls));
    },
  },
  "apps/create-installation-access-token": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const inst = world.installations.get(intParam(req, "installation_id"));
      if (!inst || inst.appId !== app.id) throw notFound();
      const { token, expiresAt } = world.issueInstallationToken(inst.id);
      return created({
        token,
        expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: app.permissions,
        repository_selection: inst.repositories ? "selected" : "all",
      });
    },
  },
  "apps/get-repo-installation": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const repo = world.findRepo(req.params.owner!, req.params.repo!);
      const inst = repo && world.installationFor(repo, app.id);
      if (!inst) throw notFound();
      return ok(renderInstallation(inst, app, world.urls));
    },
  },
  "apps/get-org-installation": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const inst = [...world.installations.values()].find((i) => i.appId === app.id && i.account.login.toLowerCase() === req.params.org!.toLowerCase());
      if (!inst) throw notFound();
      return ok(renderInstallation(inst, app, world.urls));
    },
  },
  "apps/get-user-installation": {
    access: "jwt",
    handle: async (world, req) => {
      const app = jwtApp(req.actor);
      const inst = [...world.installations.values()].find((i) => i.appId === app.id && i.account.login.toLowerCase() === req.params.username!.toLowerCase());
      if (!inst) throw notFound();
      return ok(renderInstallation(inst, app, world.urls));
    },
  },
  "apps/list-repos-accessible-to-installation": {
    access: "installation",
    handle: async (world, req) => {
      if (req.actor.kind !== "installation") throw new ApiError(403, "You must authenticate via a GitHub App installation.");
      const inst = req.actor.installation;
      const repos = [...world.repos.values()].filter((r) => world.installationCovers(inst, r)).map((r) => world.renderRepo(r));
      const { page, headers } = paginate(req, repos);
      return ok({ total_count: repos.length, repositories: page, repository_selection: inst.repositories ? "selected" : "all" }, headers);
    },
  },
  "users/get-by-username": {
    access: "public",
    handle: async (world, req) => ok(renderPublicUser(world.account(req.params.username!), world.urls)),
  },
  "teams/get-by-name": {
    access: "public",
    handle: async (world, req) => {
      const team = world.team(req.params.org!, req.params.team_slug!);
      const org = world.account(team.org);
      return ok({
        ...renderTeam(team, org.id, world.urls),
        created_at: team.createdAt,
        updated_at: team.createdAt,
        members_count: [...team.members.values()].filter((m) => m.state === "active").length,
        repos_count: [...world.repos.values()].filter((r) => r.teamPermissions.has(`${team.org}/${team.slug}`.toLowerCase())).length,
        organization: {
          ...renderPublicUser(org, world.urls),
          type: "Organization",
          repos_url: `${world.urls.api}/orgs/${org.login}/repos`,
          events_url: `${world.urls.api}/orgs/${org.login}/events`,
          hooks_url: `${world.urls.api}/orgs/${org.login}/hooks`,
          issues_url: `${world.urls.api}/orgs/${org.login}/issues`,
          members_url: `${world.urls.api}/orgs/${org.login}/members{/member}`,
          public_members_url: `${world.urls.api}/orgs/${org.login}/public_members{/member}`,
          description: null,
          has_organization_projects: false,
          has_repository_projects: false,
          public_repos: 0,
          public_gists: 0,
          followers: 0,
          following: 0,
          html_url: `${world.urls.html}/${org.login}`,
        },
      });
    },
  },
  "teams/list-members-in-org": {
    access: "public",
    handle: async (world, req) => {
      const team = world.team(req.params.org!, req.params.team_slug!);
      const role = req.query.get("role") ?? "all";
      const members = [...team.members.entries()]
        .filter(([, m]) => m.state === "active" && (role === "all" || m.role === role))
        .map(([login]) => renderUser(world.account(login), world.urls));
      const { page, headers } = paginate(req, members);
      return ok(page, headers);
    },
  },
  "teams/get-membership-for-user-in-org": {
    access: "public",
    handle: async (world, req) => {
      const team = world.team(req.params.org!, req.params.team_slug!);
      const m = team.members.get(req.params.username!.toLowerCase());
      if (!m) throw notFound();
      return ok({ url: `${world.urls.api}/teams/${team.id}/memberships/${req.params.username}`, role: m.role, state: m.state });
    },
  },
};
