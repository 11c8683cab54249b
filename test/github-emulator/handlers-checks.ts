import { createCheckRun, findCheckRun, latestRuns, renderCheckRun, renderSuite, rerequestCheckRun, updateCheckRun, type CheckRunInput } from "./checks.js";
import { intParam, paginate, repoOf, requireCommit, requireInstallationApp, senderOf, type HandlerSpec } from "./handler-kit.js";
import { bodyObject, created, notFound, ok } from "./http-types.js";

export const CHECK_HANDLERS: Record<string, HandlerSpec> = {
  "checks/create": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const app = requireInstallationApp(req);
      const run = await createCheckRun(world, repo, app, bodyObject(req) as CheckRunInput, senderOf(req));
      return created(renderCheckRun(world, repo, run));
    },
  },
  "checks/get": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      return ok(renderCheckRun(world, repo, findCheckRun(repo, intParam(req, "check_run_id"))));
    },
  },
  "checks/update": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const app = requireInstallationApp(req);
      const run = findCheckRun(repo, intParam(req, "check_run_id"));
      await updateCheckRun(world, repo, run, app, bodyObject(req) as CheckRunInput, senderOf(req));
      return ok(renderCheckRun(world, repo, run));
    },
  },
  "checks/rerequest-run": {
    access: "write",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      await rerequestCheckRun(world, repo, findCheckRun(repo, intParam(req, "check_run_id")), senderOf(req));
      return created({});
    },
  },
  "checks/list-for-ref": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await requireCommit(world, repo, req.params.ref!, 404);
      const name = req.query.get("check_name");
      const status = req.query.get("status");
      const appId = req.query.get("app_id");
      let runs = repo.checkRuns.filter((r) => r.headSha === sha);
      if ((req.query.get("filter") ?? "latest") === "latest") runs = latestRuns(runs);
      runs = runs.filter((r) => (!name || r.name === name) && (!status || r.status === status) && (!appId || String(r.appId) === appId)).reverse();
      const { page, headers } = paginate(req, runs);
      return ok({ total_count: runs.length, check_runs: page.map((r) => renderCheckRun(world, repo, r)) }, headers);
    },
  },
  "checks/list-suites-for-ref": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const sha = await requireCommit(world, repo, req.params.ref!, 404);
      const appId = req.query.get("app_id");
      const name = req.query.get("check_name");
      const suites = repo.checkSuites.filter(
        (s) => s.headSha === sha && (!appId || String(s.appId) === appId) && (!name || repo.checkRuns.some((r) => r.suiteId === s.id && r.name === name)),
      );
      const { page, headers } = paginate(req, suites);
      return ok({ total_count: suites.length, check_suites: await Promise.all(page.map((s) => renderSuite(world, repo, s))) }, headers);
    },
  },
  "checks/get-suite": {
    access: "read",
    handle: async (world, req) => {
      const repo = repoOf(world, req);
      const suite = repo.checkSuites.find((s) => s.id === intParam(req, "check_suite_id"));
      if (!suite) throw notFound();
      return ok(await renderSuite(world, repo, suite));
    },
  },
};
