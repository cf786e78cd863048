"""Starts the rows of running batches, paced at CALLS_PER_SECOND, through the same path as one call.

One runner leads at a time: on PostgreSQL the holder of an advisory lock, and only in the process whose
webhook processor leads, so that every event (webhook or batch) is committed and sent from one place in
the order of its id. Rows are claimed durably before Twilio is asked (see `claims`); batches outlive
restarts because everything the runner needs is in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from voicedash.background import cancel_and_wait
from voicedash.calls import service as calls_service
from voicedash.campaigns import claims
from voicedash.campaigns.service import record_batch_event, row_counts
from voicedash.config import Settings
from voicedash.db.base import utcnow
from voicedash.db.engine import WriteGate, reading
from voicedash.db.leadership import leadership
from voicedash.errors import AppError, RateLimitedError, ServiceUnavailableError, TwilioUnreachableError
from voicedash.logs import get_logger
from voicedash.models import BatchStatus, CallBatch, RowStatus
from voicedash.realtime.server import Realtime, discard
from voicedash.twilio_gateway.gateway import REQUEST_TIMEOUT, TwilioGateway

log = get_logger(__name__)
_LEADER_LOCK_KEY = 7_405_213
LOCK_CHECK_SECONDS = 1.0
PROGRESS_SECONDS = 0.5  # at most ~2 progress events a second per batch
ORPHAN_CHECK_SECONDS = 5.0
# A batch that has started its last row is announced within this, whatever other batches still hold.
FINISH_CHECK_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 8.0
STOP_GRACE_SECONDS = REQUEST_TIMEOUT + 5


class BatchRunner:
    def __init__(
        self,
        engine: AsyncEngine,
        gate: WriteGate,
        sessions: async_sessionmaker[AsyncSession],
        realtime: Realtime,
        gateway: Callable[[], TwilioGateway | None],
        settings: Settings,
        leads: Callable[[], bool] = lambda: True,
    ) -> None:
        self.engine = engine
        self.gate = gate
        self.sessions = sessions
        self.realtime = realtime
        self.gateway = gateway
        self.settings = settings
        self.leads = leads
        postgres = engine.dialect.name == "postgresql"
        # On PostgreSQL another process's runner may still be inside its Twilio request (which gives up
        # after REQUEST_TIMEOUT); SQLite has one process, whose runner starts one row at a time.
        self.claim_grace = timedelta(seconds=REQUEST_TIMEOUT + 2 if postgres else 0)
        self.poll_seconds = 0.25 if postgres else 1.0
        self.is_leader = False
        self._wake = asyncio.Event()
        self._stopping = False
        self._stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._next_start = 0.0
        self._backoff = 0.0
        self._reported: dict[str, float] = {}  # batch → loop time of its last progress event
        self._orphans_checked = -ORPHAN_CHECK_SECONDS
        self._finished_checked = -FINISH_CHECK_SECONDS

    def wake(self) -> None:
        """A batch was stored or cancelled: look now rather than at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        self._stopping = False
        self._stopped.clear()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Let the row being started finish (its result is recorded), then stop."""
        self._stopping = True
        self._stopped.set()
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._task), STOP_GRACE_SECONDS)
        await cancel_and_wait(self._task)

    async def _run(self) -> None:
        while not self._stopping:
            try:
                async with self._leadership() as (leading, lock_connection):
                    if leading:
                        await self._lead(lock_connection)
            except (SQLAlchemyError, OSError) as exc:
                log.warning("batch_runner_database_error", error=type(exc).__name__)
            except Exception:  # a bug: keep the runner alive, with the traceback in the log
                log.exception("batch_runner_failed")
            self.is_leader = False
            if not self._stopping:
                await asyncio.sleep(1.0)

    @contextlib.asynccontextmanager
    async def _leadership(self) -> AsyncIterator[tuple[bool, AsyncConnection | None]]:
        if not self.leads():
            yield False, None
            return
        async with leadership(self.engine, _LEADER_LOCK_KEY) as (leading, connection):
            self.is_leader = leading
            yield leading, connection

    async def _lead(self, lock_connection: AsyncConnection | None) -> None:
        loop = asyncio.get_running_loop()
        checked_at = loop.time()
        while not self._stopping and self.leads():
            self._wake.clear()
            if not await self.step():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            if lock_connection is not None and loop.time() - checked_at > LOCK_CHECK_SECONDS:
                # The lock lives as long as its connection: if that is gone, so is our leadership.
                await lock_connection.execute(text("SELECT 1"))
                checked_at = loop.time()

    async def step(self) -> bool:
        """Start one pending row, if there is one; else settle what is finished. True if a row was tried."""
        gateway = self.gateway()
        loop = asyncio.get_running_loop()
        if loop.time() - self._orphans_checked >= ORPHAN_CHECK_SECONDS:
            self._orphans_checked = loop.time()
            await self.settle_orphans(gateway)
        async with self.sessions() as session:
            await reading(session)
            row = await claims.next_pending(session)
        if row is None or loop.time() - self._finished_checked >= FINISH_CHECK_SECONDS:
            self._finished_checked = loop.time()
            await self.finish_batches()
        if row is None:
            return False
        if gateway is None:  # Twilio is not configured: the rows wait
            return False
        if not await self._pace():
            return False
        async with self.gate(), self.sessions() as session:
            claimed = await claims.claim(session, row)
            await session.commit()
        if claimed is not None:
            await self._start(gateway, claimed)
            await self._report_progress(claimed.batch_id)
        return True

    async def _pace(self) -> bool:
        """Wait for the next start's slot (further off after Twilio asked us to slow down); False if the
        runner is stopping meanwhile."""
        delay = self._next_start - asyncio.get_running_loop().time()
        if delay > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), delay)
        return not self._stopping

    async def _start(self, gateway: TwilioGateway, claimed: claims.ClaimedRow) -> None:
        """Place the row's call through `calls.service.start_call` and record what happened."""
        try:
            async with self.gate(), self.sessions() as session:
                # Paced from (about) when the request leaves: connecting first, so that a slow connection
                # (or SQLite's write lock) cannot hold one start back and bunch it with the next.
                await session.connection()
                self._next_start = asyncio.get_running_loop().time() + 1 / self.settings.calls_per_second
                call = await calls_service.start_call(session, gateway, self.settings, claimed.to)
                await claims.mark_started(session, claimed, call)
                await session.commit()
            self._backoff = 0.0
            return
        except TwilioUnreachableError:
            # Twilio may have placed the call without our hearing back: the row stays `starting`, and
            # the orphan pass settles it from what Twilio lists, once it answers again.
            log.warning("batch_row_unconfirmed", batch_id=claimed.batch_id, row=claimed.row)
            return
        except (RateLimitedError, ServiceUnavailableError) as exc:
            # Nothing was placed (Twilio's 429, or our breaker refusing to ask): retry the row later.
            wait = self._slow_down(exc)
            log.info(
                "batch_row_deferred", batch_id=claimed.batch_id, row=claimed.row, wait=wait, code=exc.code
            )
            async with self.gate(), self.sessions() as session:
                await claims.release(session, claimed)
                await session.commit()
            return
        except AppError as exc:
            code, reason = exc.code, exc.message
        async with self.gate(), self.sessions() as session:
            await claims.mark_failed(session, claimed, code, reason)
            await session.commit()
        log.info("batch_row_failed", batch_id=claimed.batch_id, row=claimed.row, code=code)

    def _slow_down(self, exc: AppError) -> float:
        retry_after = float(exc.headers.get("Retry-After", 0) or 0)
        self._backoff = min(MAX_BACKOFF_SECONDS, max(0.5, self._backoff * 2, retry_after))
        self._next_start = asyncio.get_running_loop().time() + self._backoff
        return self._backoff

    async def settle_orphans(self, gateway: TwilioGateway | None) -> int:
        """Settle rows left `starting` by a crash or an unanswered request (after the grace their runner's
        request may still be in flight)."""
        async with self.sessions() as session:
            await reading(session)
            found = await claims.orphans(session, utcnow() - self.claim_grace)
        for claimed in found:
            try:
                async with self.gate(), self.sessions() as session:
                    started = await claims.settle_orphan(session, claimed, gateway, self.settings)
                    await session.commit()
            except AppError as exc:  # Twilio cannot say now whether it placed the call: ask again later
                log.warning(
                    "batch_orphan_unsettled", batch_id=claimed.batch_id, row=claimed.row, code=exc.code
                )
                continue
            log.warning(
                "batch_row_interrupted", batch_id=claimed.batch_id, row=claimed.row, found_call=started
            )
        return len(found)

    async def _report_progress(self, batch_id: str) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() - self._reported.get(batch_id, -PROGRESS_SECONDS) < PROGRESS_SECONDS:
            return
        self._reported[batch_id] = loop.time()
        await self._announce(batch_id, "progress")

    async def _announce(self, batch_id: str, event: str) -> bool:
        """Store and send a batch event; `complete` goes once, when no row is left to start."""
        async with self.gate(), self.sessions() as session:
            batch = await session.scalar(select(CallBatch).where(CallBatch.batch_id == batch_id))
            if batch is None:
                return False
            if event == "complete":
                if batch.complete_event_id is not None or await _rows_left(session, batch):
                    return False
                if batch.status == BatchStatus.running:
                    batch.status, batch.finished_at = BatchStatus.complete, utcnow()
            try:
                await record_batch_event(session, batch, event)
                await self.realtime.commit_and_flush(session)
            except BaseException:
                discard(session)
                raise
        return True

    async def finish_batches(self) -> int:
        """Announce the end of each batch with nothing left to start (finished, or cancelled)."""
        async with self.sessions() as session:
            await reading(session)
            unannounced = list(
                await session.scalars(
                    select(CallBatch.batch_id)
                    .where(CallBatch.complete_event_id.is_(None))
                    .order_by(CallBatch.id)
                    .limit(50)
                )
            )
        finished = 0
        for batch_id in unannounced:
            if await self._announce(batch_id, "complete"):
                self._reported.pop(batch_id, None)
                finished += 1
        return finished


async def _rows_left(session: AsyncSession, batch: CallBatch) -> int:
    """Rows of the batch still to be started (unless it was cancelled), or being started now."""
    counts = await row_counts(session, batch.batch_id)
    left = counts[RowStatus.starting]
    if batch.status == BatchStatus.running:
        left += counts[RowStatus.pending]
    return left
