// The TypeScript client against a live server (`make clients-check` runs it):
//
//     SHORTVIDEO_API_URL=http://127.0.0.1:5000 npx tsx smoke.ts
//
// Two new accounts; one logs in and publishes a video (a real MP4, multipart) and two linked
// ones; the author's list is walked one item per page with the cursor; the other account
// likes, comments, follows and reads its following feed; a taken username and an invalid
// one come back as typed errors. Exits non-zero on the first failure.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  ApiError,
  type ApiClient,
  type SchemaVideo,
  type SchemaVideoPage,
  createApiClient,
  formData,
  ok,
} from "./src/client";

const baseUrl = process.env.SHORTVIDEO_API_URL;
if (!baseUrl) {
  throw new Error("set SHORTVIDEO_API_URL to the server's origin, e.g. http://127.0.0.1:5000");
}
const SAMPLE = new URL("../../postman/sample.mp4", import.meta.url);
const PASSWORD = "smoke-password-1";
// Fresh names on every run, so that the script can run again on the same database.
const run = (Date.now().toString(36) + Math.random().toString(36).slice(2, 6)).slice(-10);

function step(name: string): void {
  console.log(`ok - ${name}`);
}

async function register(client: ApiClient, username: string) {
  const email = `${username}@example.com`;
  const result = await ok(client.POST("/api/auth/register", { body: { username, email, password: PASSWORD } }), 201);
  assert.equal(result.user.username, username);
  assert.equal(result.token_type, "Bearer");
  assert.ok(result.expires_in > 0);
  return result;
}

/** Polls the video until it is no longer processing (inline processing has finished already). */
async function ready(client: ApiClient, video: SchemaVideo): Promise<SchemaVideo> {
  const deadline = Date.now() + 60_000;
  let current = video;
  while (current.status === "processing" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    current = await ok(client.GET("/api/videos/{video_id}", { params: { path: { video_id: video.id } } }));
  }
  assert.equal(current.status, "ready", `video ${video.id}: ${current.status} (${current.processing_error})`);
  return current;
}

async function main(): Promise<void> {
  const anonymous = createApiClient({ baseUrl: baseUrl! });
  assert.equal((await ok(anonymous.GET("/api/health"))).status, "ok");
  step("health");

  const alice = await register(anonymous, `ts_a_${run}`);
  const bob = await register(anonymous, `ts_b_${run}`);
  step("register two users");

  const login = await ok(anonymous.POST("/api/auth/login", { body: { login: alice.user.email, password: PASSWORD } }));
  assert.equal(login.user.id, alice.user.id);
  const asAlice = createApiClient({ baseUrl: baseUrl!, token: login.access_token });
  const asBob = createApiClient({ baseUrl: baseUrl!, token: bob.access_token });
  assert.equal((await ok(asAlice.GET("/api/auth/me"))).username, alice.user.username);
  step("log in");

  const file = new File([readFileSync(SAMPLE)], "sample.mp4", { type: "video/mp4" });
  const created = await ok(
    asAlice.POST("/api/videos", { body: { file, caption: "First #smoke" }, bodySerializer: formData }),
    201,
  );
  const uploaded = await ready(asAlice, created);
  assert.deepEqual(uploaded.hashtags, ["smoke"]);
  assert.equal(uploaded.author.username, alice.user.username);
  assert.ok(uploaded.video_url.startsWith("http"), uploaded.video_url);
  const linked: SchemaVideo[] = [];
  for (const n of [2, 3]) {
    const body = { video_url: `https://example.com/smoke-${n}.mp4`, caption: `Video ${n}` };
    linked.push(await ok(asAlice.POST("/api/videos", { body }), 201));
  }
  step(`upload a video (${uploaded.status}, ${uploaded.width}x${uploaded.height}) and link two`);

  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = { author: alice.user.username, limit: 1, cursor };
    const page: SchemaVideoPage = await ok(anonymous.GET("/api/videos", { params: { query } }));
    assert.ok(page.items.length <= 1);
    seen.push(...page.items.map((video) => video.id));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor !== null && pages < 10);
  assert.deepEqual(seen, [...linked.map((video) => video.id).reverse(), uploaded.id]);
  step(`paginate the author's videos with the cursor (${pages} pages)`);

  const video_id = uploaded.id;
  const like = await ok(asBob.POST("/api/videos/{video_id}/like", { params: { path: { video_id } } }), 201);
  assert.deepEqual(like, { liked: true, like_count: 1 });
  const again = await ok(asBob.POST("/api/videos/{video_id}/like", { params: { path: { video_id } } }), 200);
  assert.deepEqual(again, like);
  step("like (201, then 200 when liked already)");

  const comment = await ok(
    asBob.POST("/api/videos/{video_id}/comments", { params: { path: { video_id } }, body: { body: "Nice one" } }),
    201,
  );
  assert.equal(comment.parent_id, null);
  assert.equal(comment.author.id, bob.user.id);
  const comments = await ok(anonymous.GET("/api/videos/{video_id}/comments", { params: { path: { video_id } } }));
  assert.deepEqual(
    comments.items.map((item) => item.id),
    [comment.id],
  );
  step("comment");

  const username = alice.user.username;
  const follow = await ok(asBob.POST("/api/users/{username}/follow", { params: { path: { username } } }), 201);
  assert.deepEqual(follow, { following: true, requested: false, followers_count: 1 });
  const profile = await ok(asBob.GET("/api/users/{username}", { params: { path: { username } } }));
  assert.equal(profile.is_following, true);
  step("follow");

  const feed = await ok(asBob.GET("/api/videos/following", { params: { query: { limit: 10 } } }));
  assert.deepEqual(
    feed.items.map((video) => video.id),
    seen,
  );
  const liked = feed.items.find((video) => video.id === video_id);
  assert.equal(liked?.liked_by_me, true);
  assert.equal(liked?.like_count, 1);
  assert.equal(liked?.comment_count, 1);
  assert.equal(feed.next_cursor, null);
  step("the following feed");

  const taken = { username, email: `other_${run}@example.com`, password: PASSWORD };
  await assert.rejects(ok(anonymous.POST("/api/auth/register", { body: taken })), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.response.status, 409);
    assert.equal(error.body.code, 409);
    return true;
  });
  const invalid = { username: "x", email: `x_${run}@example.com`, password: PASSWORD };
  await assert.rejects(ok(anonymous.POST("/api/auth/register", { body: invalid })), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.body.code, 422);
    const messages = error.body.errors?.json;
    assert.ok(messages && !Array.isArray(messages) && Array.isArray(messages.username), JSON.stringify(error.body));
    return true;
  });
  await assert.rejects(ok(anonymous.GET("/api/videos/following")), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.body.code, 401);
    return true;
  });
  step("errors are typed: 409, 422 with errors.json.username, 401");
}

main().then(
  () => console.log("typescript smoke: passed"),
  (error: unknown) => {
    console.error("typescript smoke: FAILED");
    console.error(error);
    process.exitCode = 1;
  },
);
