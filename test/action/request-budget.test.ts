import { describe, expect, it } from "@jest/globals";
import { actionRequestBench } from "../../bench/action-requests.js";

describe("the Action's API budget", () => {
  it("makes at most 15 requests on a pull request with 5 changed templates among 50 files", async () => {
    const { requests } = await actionRequestBench();
    // At least: the file list, the policy, the contents, the comment list, the comment and the label.
    expect(requests).toBeGreaterThanOrEqual(6);
    expect(requests).toBeLessThanOrEqual(15);
  });
});
