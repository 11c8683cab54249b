import type { Account, Installation, Label, RegisteredApp, Repository, Team } from "./model.js";

/** Where rendered URLs point: the emulator's own origin (API and "web" alike). */
export interface Urls {
  api: string;
  html: string;
}

export const nodeId = (kind: string, id: number): string => Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64");

export function renderUser(a: Account, urls: Urls): Record<string, unknown> {
  // Bot logins (`app[bot]`) are percent-encoded in URLs, as GitHub does.
  const u = `${urls.api}/users/${encodeURIComponent(a.login)}`;
  return {
    login: a.login,
    id: a.id,
    node_id: nodeId(a.type === "Organization" ? "Organization" : a.type === "Bot" ? "Bot" : "User", a.id),
    avatar_url: `${urls.html}/avatars/u/${a.id}`,
    gravatar_id: "",
    url: u,
    html_url: `${urls.html}/${a.type === "Bot" ? `apps/${a.login.replace(/\[bot\]$/, "")}` : encodeURIComponent(a.login)}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: a.type,
    user_view_type: "public",
    site_admin: a.siteAdmin,
  };
}

/** `GET /users/{username}` adds profile fields to the simple user. */
export function renderPublicUser(a: Account, urls: Urls): Record<string, unknown> {
  return {
    ...renderUser(a, urls),
    name: a.name,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: a.createdAt,
    updated_at: a.createdAt,
  };
}

export function renderOrganizationForWebhook(org: Account, urls: Urls): Record<string, unknown> {
  const u = `${urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("Organization", org.id),
    url: u,
    repos_url: `${u}/repos`,
    events_url: `${u}/events`,
    hooks_url: `${u}/hooks`,
    issues_url: `${u}/issues`,
    members_url: `${u}/members{/member}`,
    public_members_url: `${u}/public_members{/member}`,
    avatar_url: `${urls.html}/avatars/u/${org.id}`,
    description: null,
  };
}

export function renderApp(app: RegisteredApp, urls: Urls): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    node_id: nodeId("App", app.id),
    owner: renderUser(app.owner, urls),
    name: app.name,
    description: `${app.name} (emulated)`,
    external_url: `${urls.html}/apps/${app.slug}`,
    html_url: `${urls.html}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
  };
}

export function renderInstallation(inst: Installation, app: RegisteredApp, urls: Urls): Record<string, unknown> {
  return {
    id: inst.id,
    client_id: app.clientId,
    account: renderUser(inst.account, urls),
    repository_selection: inst.repositories ? "selected" : "all",
    access_tokens_url: `${urls.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.html}/settings/installations/${inst.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type === "Organization" ? "Organization" : "User",
    permissions: app.permissions,
    events: app.events,
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

export function renderTeam(team: Team, orgId: number, urls: Urls, permission = "pull"): Record<string, unknown> {
  const u = `${urls.api}/orgs/${team.org}/teams/${team.slug}`;
  return {
    id: team.id,
    node_id: nodeId("Team", team.id),
    url: u,
    html_url: `${urls.html}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: "notifications_enabled",
    permission,
    members_url: `${u}/members{/member}`,
    repositories_url: `${u}/repos`,
    type: "organization",
    organization_id: orgId,
    parent: null,
  };
}

export function renderLabel(repo: Repository, label: Label, urls: Urls): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${urls.api}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.isDefault,
  };
}

export interface RepositoryCounts {
  openIssues: number;
}

/**
 * A repository as GitHub shows it in REST answers and webhook payloads: a
 * superset of `full-repository` and `repository-webhooks`.
 */
export function renderRepository(repo: Repository, urls: Urls, counts: RepositoryCounts): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const u = `${urls.api}/repos/${full}`;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: renderUser(repo.owner, urls),
    html_url: `${urls.html}/${full}`,
    description: repo.description,
    fork: false,
    url: u,
    forks_url: `${u}/forks`,
    keys_url: `${u}/keys{/key_id}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    teams_url: `${u}/teams`,
    hooks_url: `${u}/hooks`,
    issue_events_url: `${u}/issues/events{/number}`,
    events_url: `${u}/events`,
    assignees_url: `${u}/assignees{/user}`,
    branches_url: `${u}/branches{/branch}`,
    tags_url: `${u}/tags`,
    blobs_url: `${u}/git/blobs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    trees_url: `${u}/git/trees{/sha}`,
    statuses_url: `${u}/statuses/{sha}`,
    languages_url: `${u}/languages`,
    stargazers_url: `${u}/stargazers`,
    contributors_url: `${u}/contributors`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    commits_url: `${u}/commits{/sha}`,
    git_commits_url: `${u}/git/commits{/sha}`,
    comments_url: `${u}/comments{/number}`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    contents_url: `${u}/contents/{+path}`,
    compare_url: `${u}/compare/{base}...{head}`,
    merges_url: `${u}/merges`,
    archive_url: `${u}/{archive_format}{/ref}`,
    downloads_url: `${u}/downloads`,
    issues_url: `${u}/issues{/number}`,
    pulls_url: `${u}/pulls{/number}`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    labels_url: `${u}/labels{/name}`,
    releases_url: `${u}/releases{/id}`,
    deployments_url: `${u}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    git_url: `${urls.html.replace(/^https?/, "git")}/${full}.git`,
    ssh_url: `git@${new URL(urls.html).host}:${full}.git`,
    clone_url: `${urls.html}/${full}.git`,
    svn_url: `${urls.html}/${full}`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: counts.openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? "private" : "public",
    forks: 0,
    open_issues: counts.openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    network_count: 0,
    subscribers_count: 0,
    custom_properties: {},
  };
}
