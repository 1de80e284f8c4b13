"""`reader sync` and `reader status`: sharing annotations through git in one command."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader.cli import common
from reader.cli.common import CommandError
from reader.cli.git_cmds import _annotation_options, _describe, annotations_dir
from reader.textnorm import plural, printable_line

if TYPE_CHECKING:
    from reader.gitshare.plan import SyncPlan
    from reader.gitshare.status import RepoStatus
    from reader.gitshare.sync import SyncResult

STATUS_EPILOG = """exit status: 0 everything is shared and nothing needs attention; 3 there is
something to sync (unshared changes, commits to push or to pull as of the last fetch); 4
something needs attention first (files in conflict, no merge driver, files a crash left, an
interrupted sync, a merge or rebase in progress, a detached HEAD, no upstream); 1 an error."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `sync` and `status`."""
    sync = subparsers.add_parser(
        "sync",
        help="share your annotation changes and get the others' (commit, pull, push)",
        description="Commit the annotation changes of this clone (only files under the "
        "annotations folder), pull through reader's merge driver, merge what it leaves, "
        "and push. Installs the merge driver first when the clone lacks it. Your other "
        "work, staged or not, is left as it is. Never force-pushes.",
        epilog="exit status: 0 shared (or, with --no-push, committed and pulled); 1 "
        "stopped, with one line saying why and what to do (what was done is kept); "
        "with --dry-run, 1 when the sync would stop before it starts.",
    )
    sync.add_argument("--no-push", action="store_true", help="commit and pull, do not push")
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be committed, pulled (as of the last fetch) and pushed; "
        "change nothing",
    )
    _annotation_options(sync)
    common.command(sync, _sync)

    status = subparsers.add_parser(
        "status",
        help="what is not shared yet, what the last fetch brought, what needs attention",
        description="The annotation changes nobody else has yet (by kind, and the files), "
        "commits ahead of and behind the upstream (as of the last fetch: no network), "
        "whether the merge driver is installed, files in conflict, and temporary files "
        "left by a crash.",
        epilog=STATUS_EPILOG,
    )
    _annotation_options(status)
    common.command(status, _status)


def _sync(args: argparse.Namespace) -> int:
    from reader.gitshare.plan import plan
    from reader.gitshare.repo import GitError
    from reader.gitshare.sync import sync

    folder = annotations_dir(args)
    if args.dry_run:
        try:
            found = plan(folder)
        except GitError as exc:
            raise CommandError(str(exc)) from None
        if args.json:
            common.print_json(found.to_json())
        else:
            _print_plan(found)
        return 1 if found.refusal else 0

    def progress(step: int, total: int, message: str) -> None:
        if not args.json:
            print(f"[{step}/{total}] {printable_line(message)}", file=sys.stderr, flush=True)

    result = sync(folder, push=not args.no_push, progress=progress)
    if args.json:
        common.print_json(result.to_json())
    else:
        _print_result(result)
    if result.error:
        if not args.json:
            common.error(result.error)
        return 1
    return 0


def _print_result(result: SyncResult) -> None:
    for line in result.installed:
        print(printable_line(line))
    for path in result.resolved:
        print(f"merged a conflict in {printable_line(path)}")
    for commit in result.commits:
        print(f"committed {commit.commit[:10]}: {printable_line(commit.message)}")
    for line in result.left_out:
        print(f"left out (not valid, not shared): {printable_line(line)}")
    if result.pulled_commits:
        where = printable_line(result.upstream or "")
        print(f"pulled {plural(result.pulled_commits, 'commit')} from {where} ({result.pull})")
        _print_changes(result)
    if result.pushed and result.sent is not None:
        sent = result.sent.words() if result.sent.files else "commits without annotation changes"
        print(f"sent to {printable_line(result.upstream or '')}: {printable_line(sent)}")
    for note in result.notes:
        print(f"note: {printable_line(note)}")
    if result.ok:
        print("everything is shared" if result.shared else "done (not pushed)")


def _print_changes(result: SyncResult) -> None:
    by_author: dict[str, list] = {}
    for change in result.incoming:
        by_author.setdefault(change.author, []).append(change)
    for author, items in sorted(by_author.items()):
        print(f"  {printable_line(author)}")
        for change in items:
            print(f"    {printable_line(_describe(change))}")


def _print_plan(found: SyncPlan) -> None:
    status = found.status
    if found.refusal:
        print(f"would stop: {printable_line(found.refusal)}")
    if status.driver:
        print("would install the merge driver in this clone")
    for path in found.to_merge:
        print(f"would merge the conflict markers in {printable_line(path)}")
    if found.message:
        print(f"would commit: {printable_line(found.message.splitlines()[0])}")
        for path in found.commit.files:
            print(f"  {printable_line(path)}")
    else:
        print("nothing to commit")
    for line in found.left_out:
        print(f"would leave out (not valid): {printable_line(line)}")
    when = f" (as of the last fetch, {status.fetched})" if status.fetched else ""
    if status.upstream is None:
        print("nothing to pull or push: no upstream")
        return
    if status.behind:
        words = found.incoming.words() if found.incoming.files else "no annotation changes"
        print(f"would pull {plural(status.behind, 'commit')}{when}: {printable_line(words)}")
    else:
        print(f"nothing to pull{when}")
    ahead = (status.ahead or 0) + (1 if found.message else 0)
    if ahead:
        print(f"would push {plural(ahead, 'commit')} to {printable_line(status.upstream)}")


def _status(args: argparse.Namespace) -> int:
    from reader.gitshare.repo import GitError
    from reader.gitshare.status import repo_status

    try:
        found = repo_status(annotations_dir(args))
    except GitError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        common.print_json(found.to_json())
    else:
        _print_status(found)
    return found.exit_code


def _print_status(status: RepoStatus) -> None:
    where = f"branch {status.branch}" if status.branch else "detached HEAD"
    if status.upstream:
        counts = f"{status.ahead} ahead, {status.behind} behind"
        fetched = f"; last fetch {status.fetched}" if status.fetched else "; never fetched"
        where += f", upstream {status.upstream}: {counts}{fetched}"
    print(printable_line(where))
    print("merge driver: " + ("installed" if status.driver is None else "missing"))
    if status.unshared:
        words = status.summary.words() if status.summary else ""
        print(f"unshared: {printable_line(words)}")
        pending = set(status.pending)
        for path in status.unshared:
            state = "not committed" if path in pending else "committed, not pushed"
            print(f"  {printable_line(path)}  ({state})")
    else:
        print("unshared: nothing")
    if status.incoming:
        counts = ", ".join(f"{n} from {name}" for name, n in status.incoming.items())
        print(f"new from others (as of the last fetch): {printable_line(counts)}")
    for path in status.conflicted:
        print(f"in conflict: {printable_line(path)}")
    for path in status.leftovers:
        print(f"left by a crash: {printable_line(path)} (safe to delete)")
    for line in status.attention():
        print(f"attention: {printable_line(line)}")
    if status.exit_code == 3:
        print("run `reader sync` to share and pull")
