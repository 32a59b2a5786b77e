"""How `init` reads `--names` as people type it: one name or two, the second right after
the first (`--names Maya Rui`), without taking the folder or `--since` for a name."""

from __future__ import annotations

import click


class InitCommand(click.Command):
    """`init`, whose `--names` takes one name or two: `--names Maya`, `--names Maya Rui` (as
    the guide writes it) or `--names Maya --names Rui`. A click option takes a fixed count,
    so a second name right after the first is rewritten as a repeated `--names` first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued = {
            name
            for param in self.get_params(ctx)
            if isinstance(param, click.Option) and not (param.is_flag or param.count)
            for name in param.opts
        }
        return super().parse_args(ctx, names_repeated(args, valued))


def names_repeated(args: list[str], valued: set[str]) -> list[str]:
    """`args` with each word right after a `--names` value given its own `--names`, except
    the one that must be DIRECTORY (`init --names Maya ours`: no other word is left for it).
    `valued`: the options that take a value (`--since 2020-02-03`: the date is no word)."""
    words: list[int] = []
    after_names: list[int] = []
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            words += range(index + 1, len(args))
            break
        if token.startswith("-") and token != "-":
            option, attached = token.split("=", 1)[0], "=" in token
            takes = option in valued and not attached
            if option == "--names":
                after_names.append(index + 1 + takes)
            index += 1 + takes
            continue
        words.append(index)
        index += 1
    seconds = [index for index in after_names if index in words]
    if seconds and len(seconds) == len(words):
        seconds.pop()  # DIRECTORY
    return [word for index, arg in enumerate(args) for word in _named(arg, index in seconds)]


def _named(arg: str, second_name: bool) -> list[str]:
    return ["--names", arg] if second_name else [arg]


def check_names(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    if len(value) > 2:
        raise click.BadParameter(
            f"--names takes one or two names (yours, your partner's); got {len(value)}"
        )
    return value
