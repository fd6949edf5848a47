"""Deterministic rows for ``flask seed``: users, videos, hashtags, follows, likes, comments.

Popularity follows power laws (Pareto weights): a few creators get most of the followers
and a few videos most of the likes, comments and views. Every timestamp comes after the
rows it refers to. All counters are known before a row is written, so users and videos go
in first with their final counts and hot scores, and nothing is updated afterwards.

Generators yield plain tuples. Timestamps and NULLs are written by the caller's ``Cells``,
so the PostgreSQL COPY path and the SQLite path share them. Text comes from pools built
once with Faker: cheap to draw from a million times, and free of tabs, newlines and
backslashes, so COPY needs no escaping.
"""

import random
import re
from array import array
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate

from faker import Faker

from app.models import Video
from app.text import username_skeleton

DAY = 86400
SPAN_DAYS = 180


@dataclass(frozen=True)
class Sizes:
    users: int
    videos: int
    likes: int
    comments: int
    follows: int

    def problems(self):
        """Why these sizes cannot be generated (unique pairs need room), if they cannot."""
        found = []
        if self.users < len(DEMO_ACCOUNTS):
            found.append(f"--users must be at least {len(DEMO_ACCOUNTS)} (the demo accounts)")
        if self.follows > self.users * (self.users - 1):
            found.append(f"--follows can be at most {self.users * (self.users - 1)} for {self.users} users")
        if self.likes > self.users * self.videos:
            found.append(f"--likes can be at most users x videos = {self.users * self.videos}")
        if self.comments and not self.videos:
            found.append("--comments needs at least one video")
        return found


PRESETS = {
    "demo": Sizes(users=30, videos=120, likes=400, comments=200, follows=100),
    "bench": Sizes(users=100_000, videos=1_000_000, likes=10_000_000, comments=2_000_000, follows=1_000_000),
}

# Known logins, printed at the end. Every other account shares OTHER_PASSWORD, so argon2
# runs once per distinct password rather than once per user.
DEMO_ACCOUNTS = [
    ("demo", "demo-password-1", "Demo Account"),
    ("alice", "alice-password-1", "Alice Example"),
    ("bob", "bob-password-1", "Bob Example"),
]
OTHER_PASSWORD = "seeded-password-1"

SAMPLE_CLIPS = ["sample-1.mp4", "sample-2.mp4", "sample-3.webm"]

# Most used first: tag popularity is Zipf-like over this order.
HASHTAGS = [
    "fyp",
    "foryou",
    "viral",
    "trending",
    "funny",
    "comedy",
    "dance",
    "music",
    "food",
    "travel",
    "pets",
    "dogs",
    "cats",
    "fitness",
    "gym",
    "workout",
    "fashion",
    "style",
    "beauty",
    "makeup",
    "diy",
    "art",
    "drawing",
    "gaming",
    "tech",
    "science",
    "books",
    "learnontiktok",
    "lifehacks",
    "cooking",
    "recipe",
    "baking",
    "coffee",
    "vegan",
    "nature",
    "hiking",
    "beach",
    "summer",
    "winter",
    "sunset",
    "photography",
    "cars",
    "football",
    "basketball",
    "soccer",
    "running",
    "yoga",
    "skincare",
    "motivation",
    "love",
    "family",
    "kids",
    "baby",
    "wedding",
    "duet",
    "challenge",
    "prank",
    "asmr",
    "satisfying",
    "cleaning",
    "garden",
    "plants",
    "history",
    "space",
    "memes",
    "throwback",
    "tutorial",
    "review",
    "unboxing",
    "vlog",
    "studytok",
    "booktok",
    "cottagecore",
    "streetfood",
    "pizza",
    "sushi",
    "ramen",
    "tacos",
    "dessert",
    "chocolate",
    "guitar",
    "piano",
    "singing",
    "rap",
    "kpop",
    "anime",
    "cosplay",
    "skate",
    "surf",
    "snowboard",
    "climbing",
    "camping",
    "roadtrip",
    "citylife",
    "nightlife",
    "fail",
    "wholesome",
]
# Share of videos that also get a rare, one-off tag drawn from a word pool (the long tail).
RARE_TAG_SHARE = 0.15
# Caps a Pareto draw: unbounded, one creator in a hundred thousand can take a quarter of
# all the likes, which is past realistic.
MAX_WEIGHT = 2000.0
# Share of comments that are replies, on average, on videos with two or more comments.
REPLY_SHARE = 0.3

REACTIONS = [
    "so good",
    "this is everything",
    "I can't stop watching",
    "underrated",
    "tutorial please!",
    "where is this?",
    "first",
    "the ending got me",
    "again!!",
    "need part 2",
    "how did you do that",
    "saving this",
    "literally me",
    "who else is here from the for you page",
    "the music choice tho",
]
EMOJI = ["", "", "", " 😂", " 🔥", " ❤️", " 😍", " 🙌", " 💯", " ✨", " 👀", " 😭"]
# A comment body is at most 150 characters, emoji suffix included.
COMMENT_BODY_ROOM = 150 - max(map(len, EMOJI))
NOT_COPY_SAFE = re.compile(r"[\t\n\r\\]")
NOT_USERNAME = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class Cells:
    """How one database wants a timestamp (given in epoch seconds) and a NULL written."""

    stamp: object
    null: object


def timestamp_writer(first_day, days, clock_suffix):
    """A fast epoch-seconds -> text function for times from ``first_day`` on.

    Formatting a datetime costs microseconds, which adds up over ten million rows; two
    lookups in precomputed day and time-of-day strings cost a fraction of that.
    """
    dates = [datetime.fromtimestamp(first_day + d * DAY, UTC).strftime("%Y-%m-%d ") for d in range(days)]
    clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{clock_suffix}" for s in range(DAY)]

    def stamp(seconds):
        day, second = divmod(seconds - first_day, DAY)
        return dates[day] + clock[second]

    return stamp


def apportion(total, weights, cap, rng):
    """Split ``total`` into one count per weight, proportional to it, each at most ``cap``.

    Stochastic rounding keeps light items at 0 or 1 as their share says; the rounding
    remainder and whatever the cap cut off go to items that still have room, by weight.
    """
    scale = total / sum(weights)
    counts = array("q", bytes(8 * len(weights)))
    for i, weight in enumerate(weights):
        share = weight * scale
        whole = int(share)
        if rng.random() < share - whole:
            whole += 1
        counts[i] = min(whole, cap)
    missing = total - sum(counts)
    everyone = range(len(weights))
    while missing > 0:
        room = list(accumulate(w if c < cap else 0.0 for w, c in zip(weights, counts, strict=True)))
        for i in rng.choices(everyone, cum_weights=room, k=missing):
            if counts[i] < cap:
                counts[i] += 1
                missing -= 1
    while missing < 0:
        for i in rng.choices(everyone, weights=counts, k=-missing):
            if counts[i] > 0:
                counts[i] -= 1
                missing += 1
    return counts


def reach(total, items, most):
    """How many of ``most`` possible users one item may get: half of them, or more when
    that is needed to place ``total`` among ``items`` at all."""
    return min(most, max(most // 2, -(-total // items)))


def pick_distinct(rng, k, cum_weights, exclude=-1):
    """``k`` distinct indexes drawn by weight, sorted, never ``exclude``.

    A large share of the population is drawn uniformly instead: rejection sampling by
    weight would spend most of its draws on the heavy items already taken.
    """
    n = len(cum_weights)
    if 3 * k > n:
        picked = rng.sample(range(n), min(n, k + 1))
        return sorted(i for i in picked if i != exclude)[:k]
    everyone = range(n)
    chosen: set[int] = set()
    while len(chosen) < k:
        chosen.update(rng.choices(everyone, cum_weights=cum_weights, k=k - len(chosen)))
        chosen.discard(exclude)
    return sorted(chosen)


def after(rng, earliest, end, skew):
    """A second in [earliest, end], bunched towards ``earliest`` when ``skew`` > 1."""
    return earliest + int(max(0, end - earliest) * rng.random() ** skew)


class World:
    """The plan of a seeded database: who exists, who posts what when, how popular it is.

    ``plan`` builds compact per-user and per-video arrays (tens of bytes per video); the
    ``*_rows`` generators then stream the rows, each from its own random stream so that
    one table's rows never depend on how another table was consumed.
    """

    def __init__(self, sizes, seed, end, media_base_url, password_hashes):
        self.sizes = sizes
        self.seed = seed
        self.end = end
        self.start = end - SPAN_DAYS * DAY
        self.media_base_url = media_base_url.rstrip("/") + "/"
        self.password_hashes = password_hashes
        self.hashtag_ids = {}

    def random(self, stream):
        return random.Random(f"{self.seed}/{stream}")

    def plan(self):
        self.build_pools()
        self.plan_users()
        self.plan_videos()
        self.plan_engagement()
        self.count_following()

    def build_pools(self):
        fake = Faker("en_US")
        fake.seed_instance(self.seed)
        self.first_names = [fake.first_name() for _ in range(400)]
        self.last_names = [fake.last_name() for _ in range(400)]
        self.bios = [copy_safe(bio, 80) for bio in self.make_bios(fake)]
        self.sentences = [copy_safe(fake.sentence(nb_words=fake.random_int(3, 12))) for _ in range(1500)]
        self.rare_tags = sorted({NOT_USERNAME.sub("", fake.word().lower()) for _ in range(800)} - {""})
        self.comment_bodies = [
            copy_safe(body, COMMENT_BODY_ROOM)
            for body in [fake.sentence(nb_words=fake.random_int(2, 14)) for _ in range(800)] + REACTIONS
        ]

    @staticmethod
    def make_bios(fake):
        bios = [""] * 100
        bios += [fake.catch_phrase() for _ in range(150)]
        bios += [f"{fake.job()} in {fake.city()}" for _ in range(150)]
        bios += [fake.sentence(nb_words=7) for _ in range(150)]
        return bios

    def plan_users(self):
        rng = self.random("users")
        n = self.sizes.users
        # Sign-ups spread over the first nine tenths of the span, ids in sign-up order.
        self.user_created = array(
            "q", sorted(self.start + int(SPAN_DAYS * DAY * 0.9 * rng.random()) for _ in range(n))
        )
        # Heavy-tailed (Pareto) weights: how much a user is followed and watched...
        self.creator_weight = [min(rng.paretovariate(1.3), MAX_WEIGHT) for _ in range(n)]
        # ...and, separately, how much they like, comment and follow.
        self.activity_weight = [rng.paretovariate(1.5) for _ in range(n)]
        # The demo accounts are busy, well-followed users, so logging in shows a lively app.
        for weights in (self.creator_weight, self.activity_weight):
            busy = sorted(weights, reverse=True)[n // 20]
            for i in range(len(DEMO_ACCOUNTS)):
                weights[i] = max(weights[i], busy)
        self.activity_cum = list(accumulate(self.activity_weight))

    def plan_videos(self):
        rng = self.random("videos")
        n = self.sizes.videos
        authors = rng.choices(range(self.sizes.users), weights=[w**0.6 for w in self.creator_weight], k=n)
        posted = [
            after(rng, self.user_created[a] + 60, self.end, 0.6) for a in authors
        ]  # after sign-up, more of them recently
        order = sorted(range(n), key=posted.__getitem__)
        # Ids in posting order, as a live app assigns them.
        self.video_author = array("q", (authors[i] for i in order))
        self.video_created = array("q", (posted[i] for i in order))
        del authors, posted, order
        self.video_weight = [
            self.creator_weight[a] ** 0.3 * rng.paretovariate(1.6) for a in self.video_author
        ]

    def plan_engagement(self):
        rng = self.random("engagement")
        sizes = self.sizes
        if sizes.videos:
            self.video_likes = apportion(
                sizes.likes, self.video_weight, reach(sizes.likes, sizes.videos, sizes.users), rng
            )
            self.video_comments = apportion(
                sizes.comments,
                self.video_weight,
                reach(sizes.comments, sizes.videos, sizes.comments // 5),
                rng,
            )
        else:
            self.video_likes = self.video_comments = array("q")
        self.video_views = array(
            "q",
            (likes * rng.randint(5, 40) + int(rng.paretovariate(1.2) * 10) for likes in self.video_likes),
        )
        del self.video_weight
        self.user_followers = apportion(
            sizes.follows, self.creator_weight, reach(sizes.follows, sizes.users, sizes.users - 1), rng
        )
        self.user_videos = array("q", bytes(8 * sizes.users))
        self.user_likes = array("q", bytes(8 * sizes.users))
        for author, likes in zip(self.video_author, self.video_likes, strict=True):
            self.user_videos[author] += 1
            self.user_likes[author] += likes

    def count_following(self):
        """Who follows whom is only known by drawing it; draw it once here to count."""
        self.user_following = array("q", bytes(8 * self.sizes.users))
        for follower, _followee, _at in self.follows():
            self.user_following[follower] += 1

    # --- rows -------------------------------------------------------------------

    def user_rows(self, cells):
        rng = self.random("user-rows")
        taken: set[str] = set()
        for i in range(self.sizes.users):
            if i < len(DEMO_ACCOUNTS):
                username, _password, display_name = DEMO_ACCOUNTS[i]
                bio = "A demo account of the seeded data."
                password_hash = self.password_hashes[username]
            else:
                first, last = rng.choice(self.first_names), rng.choice(self.last_names)
                username = self.make_username(rng, first, last, taken)
                display_name = f"{first} {last}"[:30]
                bio = rng.choice(self.bios)
                password_hash = self.password_hashes[None]
            key = username.lower()
            taken.add(key)
            email = f"{username}@example.{rng.choice(('com', 'org', 'net'))}"
            yield (
                i + 1,
                username,
                key,
                username_skeleton(username),
                email,
                email.lower(),
                password_hash,
                display_name,
                bio,
                cells.null,
                0,
                self.user_followers[i],
                self.user_following[i],
                self.user_videos[i],
                self.user_likes[i],
                cells.stamp(self.user_created[i]),
                cells.stamp(self.user_created[i]),  # demo addresses count as verified
            )

    @staticmethod
    def make_username(rng, first, last, taken):
        first, last = NOT_USERNAME.sub("", first.lower()), NOT_USERNAME.sub("", last.lower())
        style = rng.random()
        if style < 0.3:
            base = f"{first}.{last}"
        elif style < 0.5:
            base = f"{first}_{last[:1]}"
        elif style < 0.7:
            base = f"{first[:1]}{last}"
        elif style < 0.85:
            base = f"{first.title()}{last.title()}"
        else:
            base = f"{last}{first[:3]}"
        base = base[:18] or "user"
        username = base
        while username.lower() in taken or len(username) < 2:
            username = f"{base}{rng.randint(1, 99999)}"
        return username

    def video_rows(self, cells):
        """Video rows; the hashtags of their captions are kept for ``video_hashtag_rows``."""
        rng = self.random("video-rows")
        self.link_video, self.link_hashtag = array("q"), array("q")
        tag_cum = list(accumulate(1.0 / rank for rank in range(1, len(HASHTAGS) + 1)))
        for i in range(self.sizes.videos):
            video_id = i + 1
            tags = []
            for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4, 5))):
                tag = HASHTAGS[bisect(tag_cum, rng.random() * tag_cum[-1])]
                if tag not in tags:
                    tags.append(tag)
            if rng.random() < RARE_TAG_SHARE:
                tags.append(rng.choice(self.rare_tags))
                tags = list(dict.fromkeys(tags))
            sentence = rng.choice(self.sentences) if rng.random() < 0.9 else ""
            caption = " ".join([sentence, *(f"#{tag}" for tag in tags)]).strip() + rng.choice(EMOJI)
            for tag in tags:
                self.link_video.append(video_id)
                self.link_hashtag.append(self.hashtag_ids.setdefault(tag, len(self.hashtag_ids) + 1))
            created = self.video_created[i]
            likes, comments, views = self.video_likes[i], self.video_comments[i], self.video_views[i]
            hot = Video.initial_hot_score(datetime.fromtimestamp(created, UTC), likes, comments, views)
            stamp = cells.stamp(created)
            yield (
                video_id,
                self.video_author[i] + 1,
                caption,
                self.media_base_url + rng.choice(SAMPLE_CLIPS),
                cells.null,
                likes,
                comments,
                views,
                hot,
                stamp,
                stamp,
            )

    def hashtag_rows(self):
        """The hashtags the captions used; run after ``video_rows``, which names them."""
        for name, hashtag_id in self.hashtag_ids.items():
            yield (hashtag_id, name)

    def video_hashtag_rows(self):
        """The caption hashtags of every video; run after ``video_rows``, which finds them."""
        yield from zip(self.link_video, self.link_hashtag, strict=True)

    def follows(self):
        """(follower, followee, epoch seconds), 0-based; followers by activity."""
        rng = self.random("follows")
        for followee, count in enumerate(self.user_followers):
            if not count:
                continue
            since = self.user_created[followee]
            for follower in pick_distinct(rng, count, self.activity_cum, exclude=followee):
                earliest = max(since, self.user_created[follower]) + 1
                yield follower, followee, after(rng, earliest, self.end, 2)

    def follow_rows(self, cells):
        stamp = cells.stamp
        for follower, followee, at in self.follows():
            yield follower + 1, followee + 1, stamp(at)

    def like_rows(self, cells):
        rng = self.random("likes")
        stamp, created, end = cells.stamp, self.user_created, self.end
        for video, count in enumerate(self.video_likes):
            if not count:
                continue
            posted = self.video_created[video]
            for user in pick_distinct(rng, count, self.activity_cum):
                # Most likes come in the first days after posting.
                yield user + 1, video + 1, stamp(after(rng, max(posted, created[user]) + 1, end, 3))

    def comment_rows(self, cells):
        """Top-level comments, each followed by its replies; popular comments get most."""
        rng = self.random("comments")
        stamp, null, created, end = cells.stamp, cells.null, self.user_created, self.end
        users = range(self.sizes.users)
        next_id = 1
        for video, count in enumerate(self.video_comments):
            if not count:
                continue
            posted = self.video_created[video]
            replies = min(count - 1, int(count * REPLY_SHARE * 2 * rng.random()))
            top = count - replies
            weights = [rng.paretovariate(1.0) for _ in range(top)]
            reply_counts = [0] * top
            for parent in rng.choices(range(top), weights=weights, k=replies):
                reply_counts[parent] += 1
            authors = rng.choices(users, cum_weights=self.activity_cum, k=count)
            for n_replies in reply_counts:
                author = authors.pop()
                parent_id = next_id
                parent_at = after(rng, max(posted, created[author]) + 1, end, 3)
                yield (
                    parent_id,
                    video + 1,
                    author + 1,
                    null,
                    rng.choice(self.comment_bodies) + rng.choice(EMOJI),
                    n_replies,
                    stamp(parent_at),
                )
                next_id += 1
                for _ in range(n_replies):
                    author = authors.pop()
                    at = after(rng, max(parent_at, created[author]) + 1, end, 4)
                    body = rng.choice(self.comment_bodies) + rng.choice(EMOJI)
                    yield next_id, video + 1, author + 1, parent_id, body, 0, stamp(at)
                    next_id += 1


def copy_safe(text, limit=None):
    """Text without the characters COPY's text format would need escaped, within a limit."""
    text = NOT_COPY_SAFE.sub(" ", text).strip()
    return text[:limit].rstrip() if limit else text
