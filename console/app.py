"""The Textual application: modes for the screens, global keys, the reactor, error reporting."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from importlib import import_module
from typing import Any

from textual.app import App, ScreenError, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from console import start_gc, timers
from console.commands import GoToScreen, ScreenActions
from console.config import AppContext
from console.css_cache import CssCache
from console.errors import ErrorLog, error_log_path, first_line, guard_message_loops
from console.i18n import os_reason, set_language, t
from console.screens.base import translate_bindings
from console.screens.call import CallScreen
from console.screens.dialog_drafts import DialogDraftsMixin
from console.screens.overrides import OverrideCommands, OverrideWatcher
from console.state import CallSnapshot, ConsoleState, DeltaLoader, ServiceDone, SetupSnapshot
from console.statuses import CallOutcome
from console.typeahead import TypeaheadMixin
from console.warmup import ScreenWarmer

REPLAN_SECONDS = 60
INBOX_SECONDS = 5  # how often data/inbox/ is looked at for HelpDesk exports (R5)
DEFAULT_THEME = "textual-dark"
# A terminal of 16 colours: a theme of RGB colours would fold its warning onto its error
# colour there (and its success onto its error text), so the console starts in an ANSI theme.
ANSI_ONLY = ("standard", "windows")

# Mode -> (module, class). Screens other than the first are imported when first opened:
# their modules are not on the start path.
SCREEN_CLASSES: dict[str, tuple[str, str]] = {
    "help": ("console.screens.help", "HelpScreen"),
    "call": ("console.screens.call", "CallScreen"),
    "queue": ("console.screens.queue", "QueueScreen"),
    "timeslots": ("console.screens.timeslots", "TimeslotsScreen"),
    "claims": ("console.screens.claims", "ClaimsScreen"),
    "summary": ("console.screens.summary", "SummaryScreen"),
    "helpdesk": ("console.screens.helpdesk", "HelpDeskScreen"),
}


def screen_class(mode: str) -> type[Screen]:
    module, name = SCREEN_CLASSES[mode]
    return getattr(import_module(module), name)


def _lazy(mode: str) -> Callable[[], Screen]:
    return lambda: screen_class(mode)()


def _call(module: str, name: str) -> Callable:
    """A loader imported on its first call (in a worker, after the first frame)."""
    return lambda now: getattr(import_module(module), name)(now)


def _queue_delta() -> DeltaLoader:
    """F3's queue after this console's own ticket change: only the tickets it wrote are read
    again (`queue_view.load_queue_delta`; issue 12: the full read of 10,000 tickets was most of
    the time from an urgent ticket to the frame showing it)."""
    return DeltaLoader(
        lambda ids, placed: import_module("console.services.queue_view").load_queue_delta(
            ids, placed),
        reads=frozenset(("ticket", "contract", "technician", "task_type")),  # queue_view.READS
        covers=frozenset(("ticket",)),  # the tickets the change names
    )


def read_setup(_now) -> SetupSnapshot:
    from console.services.setup import has_technicians, is_empty

    return SetupSnapshot(has_contracts=not is_empty(), has_technicians=has_technicians())


# What the queue and the notify list read (PostgreSQL reloads them only when these change).
QUEUE_TABLES = ("ticket", "notification", "contract", "technician", "task_type", "visit",
                "operator")
CLAIMS_TABLES = ("claim", "contract")
HELPDESK_TABLES = ("help_desk_question", "contract", "contract_phone", "operator")
CALLBACK_TABLES = ("ticket", "call", "contract", "contract_phone", "task_type", "operator")
# F4's day: visits, acts and days off as well as the tickets they belong to.
DAY_TABLES = ("ticket", "visit", "act", "technician", "technician_day_off", "contract",
              "contract_phone", "task_type")


class ConsoleApp(DialogDraftsMixin, TypeaheadMixin, App):
    """support-console. Screens are modes, so each keeps its state when you switch away.

    Keys pass a typeahead gate (console/typeahead.py): each reaches the field or dialog it was
    typed for, however fast they come.
    """

    CSS_PATH = "app.tcss"
    TITLE = "support-console"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {GoToScreen, ScreenActions, OverrideCommands}
    MODES = {mode: _lazy(mode) for mode in SCREEN_CLASSES}
    DEFAULT_MODE = "call"
    BINDINGS = [
        Binding("f1", "switch_mode('help')", "Help", id="help", tooltip="Keys, rules, contacts"),
        Binding("f2", "switch_mode('call')", "Call", id="call",
                tooltip="The call screen (Ctrl+N or typing a number starts a call)"),
        Binding("ctrl+n", "call", "New call", id="new_call", show=False, priority=True,
                tooltip="Start a new call on the call screen"),
        Binding("f3", "switch_mode('queue')", "Queue", id="queue", tooltip="Priority queue"),
        Binding(
            "f4", "switch_mode('timeslots')", "Visits", id="timeslots", tooltip="Technicians' day"
        ),
        Binding("f5", "switch_mode('claims')", "Claims", id="claims", tooltip="Claims register"),
        Binding(
            "f6", "switch_mode('helpdesk')", "HelpDesk", id="helpdesk", tooltip="HelpDesk questions"
        ),
        Binding("f7", "switch_mode('summary')", "Summary", id="summary", tooltip="Day report"),
        Binding("ctrl+q", "quit_console", "Quit", id="quit", tooltip="Leave the console",
                priority=True),
    ]

    # Tests set this: an error reported while the app runs is re-raised when the test ends.
    raise_at_exit = False

    def __init__(self, ctx: AppContext, *, start_refresh: bool = True) -> None:
        set_language(ctx.lang)
        super().__init__()
        # The CSS parsed by an earlier start, read back instead of parsed (console/css_cache.py).
        self.css_cache = CssCache(ctx.data_dir / ".cache") if ctx.data_dir is not None else None
        if self.css_cache is not None:
            self.css_cache.preload(self.stylesheet)
        guard_message_loops()
        timers.install()  # one-shot timers fire even when held up (console/timers.py)
        self.error_log = ErrorLog(error_log_path(ctx.db_target, ctx.data_dir))
        self._survive_errors = False  # until mounted, a failure is a failed start
        translate_bindings(self)
        self.ctx = ctx
        self.state = ConsoleState(self, ctx)
        self.state.register_loader("setup", read_setup, SetupSnapshot(),
                                   tables=("contract", "technician"))
        self.state.set_part("call", CallSnapshot())
        # The queue and notify parts start empty and load after the first frame.
        self.state.register_loader("queue", _call("console.services.queue_view", "load_queue"),
                                   None, tables=QUEUE_TABLES, delta=_queue_delta())
        self.state.register_loader("notify", _call("console.services.notify", "load_notify"),
                                   None, tables=QUEUE_TABLES)
        # F5 and F6 lists load after the first frame too, so opening them only paints; a
        # refresh re-reads them only when a claim or question changed.
        self.state.register_loader("claims", _call("console.services.claims_view",
                                                   "load_claims"), None,
                                   tables=CLAIMS_TABLES)
        self.state.register_loader("helpdesk", _call("console.services.helpdesk_view",
                                                     "load_questions"), None,
                                   tables=HELPDESK_TABLES)
        self.state.register_loader(
            "callbacks", _call("console.services.callbacks", "load_callbacks"), None,
            tables=CALLBACK_TABLES,
        )
        self._callbacks_told: set[tuple[int, object]] = set()  # (ticket, due) already toasted
        # F4: today's visits nobody settled after the visit window (the day close).
        self.state.register_loader("dayclose", lambda now: import_module(
            "console.services.visits").count_unsettled(ctx.calendar, now), 0, tables=DAY_TABLES)
        # F4's today, read like the queue, so F4 opens with its day already there.
        self.state.register_loader("slots_today", lambda now: import_module(
            "console.services.slots").load_today(ctx.calendar, now), None, tables=DAY_TABLES)
        self._start_refresh = start_refresh
        self._first_frame_drawn = False
        self._after_first_frame: list[Callable[[], object]] = []
        self._after_next_frame: list[Callable[[], object]] = []
        self._started_at = self.state.now()  # R16: calls older than this were left open
        self._register_overrides()
        from console.widgets.fmt import set_eta_accuracy

        set_eta_accuracy(ctx.reference.policy.eta_accuracy_min)  # R10, D9: policy is live

    def _register_overrides(self) -> None:
        """D4: override requests of every console, loaded with the usual refresh (None until
        the first one: its readers take None as nothing asked)."""
        login = self.ctx.operator_login
        self.state.register_loader("overrides", lambda now: import_module(
            "console.services.overrides").load_overrides(login, now), None,
                                   tables=("balance_override", "contract", "operator"))

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the frames for 50 ms after a mode switch (and the palette's close) to
        mask the transition; the dispatcher is waiting for that screen, so it is drawn as soon
        as it is laid out (the terminal's synchronized output already prevents tearing)."""
        super().delay_update(0.001)

    def refresh_css(self, animate: bool = True) -> None:
        """Textual re-parses every CSS source from scratch whenever a mode's screen is first
        made (the first frame, each screen built ahead, the first F-key to one), to apply new
        CSS variables. When the variables have not changed, the rules it has are the ones a
        re-parse would give (a source added since is parsed on its own, from the same cache),
        so only the styles are re-applied; a theme change still re-parses in full."""
        stylesheet = self.stylesheet
        if stylesheet._variables != self.get_css_variables():  # type: ignore[attr-defined]
            super().refresh_css(animate)
            return
        stylesheet.update(self, animate=animate)
        try:
            if self.screen.is_mounted:
                self.screen._refresh_layout(self.size)  # type: ignore[attr-defined]
                self.screen._css_update_count = self._css_update_count  # type: ignore
        except ScreenError:
            pass
        for screen in self.screen_stack:
            if screen != self.screen:
                stylesheet.update(screen, animate=animate)
                screen._css_update_count = self._css_update_count  # type: ignore

    def on_mount(self) -> None:
        if self.ctx.keymap:
            self.set_keymap(self.ctx.keymap)  # keys.toml (console.keymap)
        self.theme = self._starting_theme(self.ctx.theme)
        self.set_class(self.current_theme.ansi, "-ansi-theme")
        # From now on a theme picked in the palette is this operator's (console.preferences).
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for notice in self.ctx.notices:  # from the start-up (a demo built for another day)
            self.notify(notice, severity="warning", timeout=20)
        self._survive_errors = True
        self.state.subscribe("overrides", self, OverrideWatcher(self))
        if self._start_refresh:
            # After the first frame: the dispatcher sees the console before the DB is read.
            self.after_first_frame(self._start_background)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame has been drawn (at once if it has been).

        Textual's `call_after_refresh` is no such promise at the start: while the first screen
        is mounted in a batch, its callbacks run before any frame is drawn. The work that waits
        here (the first reads of the database, which load the database layer) would then
        compete with the first frame for the one interpreter (issue 12).
        """
        if self._first_frame_drawn:
            self.call_later(callback)
        else:
            self._after_first_frame.append(callback)

    @property
    def first_frame_drawn(self) -> bool:
        return self._first_frame_drawn

    def after_next_frame(self, callback: Callable[[], object]) -> None:
        """Call `callback` (from the UI thread) once the next frame has gone to the terminal.

        Not `call_after_refresh`: its callbacks run when the screen is idle, which may come
        before the widgets a change made dirty are drawn (a modal screen, a refresh still
        posted), and the work waiting for that frame would then take the GIL from it."""
        self._after_next_frame.append(callback)

    def _display(self, screen: Screen, renderable: Any) -> None:
        super()._display(screen, renderable)
        if renderable is not None and self._after_next_frame:
            waiting, self._after_next_frame = self._after_next_frame, []
            for callback in waiting:
                callback()

    def _prune(self, *nodes: Any, parent: Any = None) -> Any:
        """A screen taken off the stack (a dialog closed) is removed with the App as its
        parent, and Textual then lays out the screen shown again (`parent.refresh(layout=
        True)`): F3 at 10,000 tickets took ~10 ms of the UI thread while the change the dialog
        confirmed was being saved (issue 12). Nothing of that screen's layout changed: the
        pop repaints it, and a resize meanwhile lays it out on its resume."""
        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            parent = None
        return super()._prune(*nodes, parent=parent)

    def frame_drawn(self) -> None:
        """A screen's frame reached the terminal (ConsoleScreen): the waiting work may go."""
        if self._first_frame_drawn:
            return
        self._first_frame_drawn = True
        start_gc.resume()  # held since the command started (console/start_gc.py)
        waiting, self._after_first_frame = self._after_first_frame, []
        for callback in waiting:
            self.call_later(callback)

    def _start_background(self) -> None:
        if self._exit:
            return  # quit before the first frame was even drawn
        from console import heap
        from console.widgets import frame_cycles

        heap.tune_malloc()  # before the workers start: their arenas (console/heap.py)
        frame_cycles.install()  # for the long run, not the first frame (a function compiled)
        self.state.subscribe("callbacks", self, self._callbacks_changed)
        self.state.subscribe("clock", self, lambda _clock: self._callbacks_changed(None))
        self.state.start()
        self._close_interrupted()
        self.replan()
        # D8: as the clock passes visits that did not start, the plan must follow.
        self.set_interval(REPLAN_SECONDS, self.replan)
        self._inbox_busy = False
        self.set_interval(INBOX_SECONDS, self.scan_inbox)
        # The C heap's free pages back to the system once a minute (console/heap.py).
        self.set_interval(heap.TRIM_SECONDS, heap.trim_in_background)
        # The other screens are built in a quiet moment: the first F-key only switches.
        self.screen_warmer = ScreenWarmer(
            self, [mode for mode in SCREEN_CLASSES if mode != self.current_mode])
        self.screen_warmer.start()

    def _close_interrupted(self) -> None:
        """A call a killed terminal left open is closed now, and the operator told (R16)."""
        from console.services.calls import close_interrupted
        from console.widgets.fmt import hm

        def told(closed) -> None:
            for call in closed:
                self.notify(t("Call №{id} of {time} was left open when the console closed; "
                              "it is recorded as interrupted at {end}.",
                              id=call.call_id, time=hm(call.started_at), end=hm(call.ended_at)),
                            severity="warning", timeout=15)

        self.state.run_service(close_interrupted, self.ctx.operator_login, now=self.state.now(),
                               before=self._started_at, on_done=told, group="interrupted",
                               refresh=True)

    def replan(self) -> None:
        from console.services.tickets import replan_now

        self.state.run_service(
            replan_now, calendar=self.ctx.calendar, now=self.state.now(), group="replan",
            refresh=True,
        )

    def scan_inbox(self) -> None:
        """Import HelpDesk files dropped into the inbox folder; one scan at a time."""
        if self._inbox_busy:
            return
        from console.services.helpdesk_import import inbox_folder, scan_inbox

        self._inbox_busy = True
        ctx = self.ctx

        def done(reports) -> None:
            self._inbox_busy = False
            for report in reports:
                self.notify(report.summary(), title=t("HelpDesk inbox"),
                            severity="warning" if report.errors else "information", timeout=10)
            if reports:
                self.state.refresh(force=True)

        def failed(error: Exception) -> None:
            self._inbox_busy = False
            self.notify(str(error), title=t("HelpDesk inbox"), severity="error", timeout=10)

        self.state.run_service(
            scan_inbox, inbox_folder(ctx.db_target, ctx.data_dir), operator=ctx.operator_login,
            calendar=ctx.calendar, now=self.state.now(),
            working_days=ctx.reference.policy.helpdesk_working_days, group="inbox",
            on_done=done, on_error=failed, errors=(Exception,))

    def on_unmount(self) -> None:
        self.state.stop()
        from console import heap

        heap.release()  # what the warm-up froze (console/heap.py)
        if self.css_cache is not None:
            self.css_cache.save(self.stylesheet)

    def action_command_palette(self) -> None:
        from console.widgets.option_paging import ConsolePalette

        if not CommandPalette.is_open(self):
            self.push_screen(
                ConsolePalette(placeholder=t("Search for commands…"), id="--command-palette")
            )

    async def action_call(self) -> None:
        """Ctrl+N: a phone rings. Go to the call screen and start a call if none runs."""
        await self.switch_mode("call")
        screen = self.screen
        if isinstance(screen, CallScreen) and screen.started_at is None:
            screen.start_call()

    def action_quit_console(self) -> None:
        """Ctrl+Q: never leave a call open (R16): it ends with an outcome or as interrupted."""
        call = self.state.get("call")
        if call is None or call.started_at is None:
            self.exit()
            return
        from console.screens.dialogs import ChoiceDialog

        async def chosen(choice: str | None) -> None:
            if choice == "outcome":
                await self.switch_mode("call")
                screen = self.screen
                if isinstance(screen, CallScreen):
                    screen.quit_after_call = True
                    screen.action_end_call()
            elif choice == "interrupted":
                self._end_interrupted_and_exit()

        self.push_screen(
            ChoiceDialog(
                t("A call is running. Quit the console?"),
                [
                    ("back", t("Back to the call")),
                    ("outcome", t("End the call with its outcome, then quit")),
                    ("interrupted", t("End the call as interrupted and quit")),
                ],
            ),
            chosen,
        )

    def _end_interrupted_and_exit(self) -> None:
        from console.services import calls

        call = self.state.get("call")
        if call.call_id is None or call.call_id < 0:
            self.exit()  # nothing typed: no call was logged
            return

        def failed(error: Exception) -> None:
            self.notify(t("The call could not be closed: {error}. Press Ctrl+E again.",
                          error=str(error).splitlines()[0] if str(error) else "?"),
                        severity="error", timeout=8, markup=False)

        self.state.run_service(
            calls.end_call, call.call_id, CallOutcome.INTERRUPTED, operator=self.ctx.operator_login,
            now=self.state.now(), on_done=lambda _r: self.exit(), on_error=failed,
            errors=(Exception,),
        )

    def open_notify_after_change(self) -> None:
        """The notify prompt for the calls a change just made (D9): it opens once the
        reload shows that change, with those calls on it."""
        self.state.after_shown(self.action_open_notify, part="notify")

    def action_open_notify(self) -> None:
        """The notify prompt (D9); one at a time."""
        from console.screens.notify import NotifyScreen, notify_screen

        if not isinstance(self.screen, NotifyScreen):
            self.push_screen(notify_screen(self))

    def screen_classes(self) -> dict[str, type[Screen]]:
        """Every screen's class by mode: F1 lists their keys without importing this module."""
        return {mode: screen_class(mode) for mode in SCREEN_CLASSES}

    def _starting_theme(self, name: str | None) -> str:
        """The operator's theme, or the default; on a 16-colour terminal an ANSI theme of the
        same lightness, whose colours are the terminal's own (tests/ui/test_ansi_colours.py)."""
        theme = self.available_themes.get(name or "") or self.available_themes[DEFAULT_THEME]
        # Only when said (TEXTUAL_COLOR_SYSTEM): rich guesses "standard" from a bare TERM=xterm,
        # which most terminals answering to that name exceed.
        from textual import constants

        if constants.COLOR_SYSTEM in ANSI_ONLY and not theme.ansi:
            return "ansi-dark" if theme.dark else "ansi-light"
        return theme.name

    def _remember_theme(self, theme: Theme) -> None:
        self.set_class(theme.ansi, "-ansi-theme")  # app.tcss: the marks an ANSI theme folds
        folder = self.ctx.data_dir
        if folder is None:
            return  # no data folder (tests): nothing to remember in
        from console.preferences import save_theme

        self.run_worker(partial(save_theme, folder, self.ctx.operator_login, theme.name),
                        thread=True, group="preferences", exit_on_error=False)

    def _callbacks_changed(self, _snapshot) -> None:
        """A callback that has come due raises a toast once (again if it is re-booked)."""
        snapshot = self.state.get("callbacks")
        if snapshot is None:
            return
        from console.widgets.fmt import hm

        for item in snapshot.due(self.state.now()):
            if (item.id, item.due_at) in self._callbacks_told:
                continue
            self._callbacks_told.add((item.id, item.due_at))
            self.notify(
                t("Callback due ({time}): {client}, {phone}. About: {topic}. "
                  "F3, then O starts the call.", time=hm(item.due_at), client=item.client,
                  phone=item.phone_text, topic=item.topic[:80]),
                title=t("Callback"), severity="warning", timeout=15, markup=False,
            )

    async def action_open_callback(self, ticket_id: int) -> None:
        """Start the call of a callback: the call screen, its contract pre-verified."""
        await self.switch_mode("call")
        screen = self.screen
        if isinstance(screen, CallScreen):
            screen.start_callback(ticket_id)

    def search_themes(self) -> None:
        """Textual's theme picker, its prompt in the console's language."""
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=t("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's system commands (theme, keys, screenshot, quit), in the console's language.
        yield SystemCommand(t("Theme"), t("Change the colours (remembered for this operator)"),
                            self.action_change_theme)
        yield SystemCommand(t("Keys"), t("Every key of every screen (F1)"),
                            partial(self.switch_mode, "help"))
        yield SystemCommand(t("Screenshot"), t("Save an SVG picture of the screen"),
                            lambda: self.set_timer(0.1, self.screenshot_to_data_folder))
        # Quitting from the palette asks as Ctrl+Q does while a call runs (R16: it is logged).
        yield SystemCommand(t("Quit"), t("Leave support-console"), self.action_quit_console)

    def screenshot_to_data_folder(self) -> str:
        """Save an SVG of the screen in the data folder's screenshots/ and say where."""
        from console.datafolder import resolve_data_dir

        folder = (self.ctx.data_dir or resolve_data_dir()) / "screenshots"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as exc:
            self.notify(t("No screenshot: {error}", error=os_reason(exc)),
                        severity="error", markup=False)
            return ""
        self.notify(t("Screenshot saved: {path}", path=path), timeout=10, markup=False)
        return path

    def report_unexpected(self, error: Exception, *, where: str = "") -> bool:
        """The one error handler: log the traceback, tell the dispatcher, keep running.

        False before the app is up (a failure to start ends the app as Textual does).
        """
        if not self._survive_errors:
            return False
        if self.raise_at_exit and self._exception is None:
            self._exception = error
        if self.error_log.write(error, where):
            self.notify(
                t(
                    "Unexpected error: {error}. It is logged in {path}; the console goes on "
                    "and nothing typed was lost.",
                    error=f"{type(error).__name__}: {first_line(error)}",
                    path=str(self.error_log.path),
                ),
                title=t("Error"),
                severity="error",
                timeout=10,
                markup=False,  # the error's text may hold brackets
            )
        return True

    def _handle_exception(self, error: Exception) -> None:
        # Timers, result callbacks and idle handlers report here (message handlers reach
        # report_unexpected through the message-loop guard, console/errors.py).
        if not self.report_unexpected(error, where="handler"):
            super()._handle_exception(error)

    def on_field_limit_reached(self, event) -> None:
        """Item 9: a field cut at its limit says so, wherever no screen said it first."""
        self.notify(t("No more than {n} characters: the rest was not taken", n=event.limit),
                    severity="warning")

    def on_service_done(self, message: ServiceDone) -> None:
        if not self.is_running:
            # A worker's answer that arrives while the app shuts down (Ctrl+Q right after a
            # key that asked something): the screens it would show on are being taken apart.
            return
        message.apply(message.result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures reach the dispatcher; typed data stays where it is."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.log.error(f"worker {event.worker.name} failed: {error!r}")
        from console.db import is_database_failure

        if error is not None and is_database_failure(error):
            # The banner says it on every screen and the refresh loop keeps retrying; a toast
            # per failed background attempt would bury the screen.
            self.state.database_failed(error)
            if event.worker.group == "refresh":
                self.state.arm()
            if event.worker.group in ("refresh", "presence", "draft", "replan"):
                return
        self.notify(
            t(
                "The database did not answer: {error}. Nothing typed was lost; try again.",
                error=str(error).splitlines()[0] if str(error) else type(error).__name__,
            ),
            title=t("Error"),
            severity="error",
            timeout=8,
        )
        if event.worker.group == "refresh":
            self.state.arm()  # keep polling: the next refresh may succeed
