//! Rust futures as asyncio futures.
//!
//! A call's future runs on the core's shared runtime. Its outcome goes to one delivery thread,
//! which takes the GIL once for everything that has finished meanwhile and hands each event loop
//! its batch with a single `call_soon_threadsafe` (one loop wake-up per batch, not per call).
//!
//! At interpreter exit an `atexit` hook closes delivery, waiting (with the GIL released) for a
//! delivery in progress. Without it, a thread could still be holding or retaking the GIL while
//! Python finalizes, which aborts the process ("PyGILState_Release: thread state must be
//! current"); with pyo3-async-runtimes, used before, that happened in about one run in five of
//! the async benchmark.

use std::future::Future;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyList, PyTuple};
use tokio::task::AbortHandle;
use veeva_vault_auth::Error;

use crate::convert::NoPanic;
use crate::error::to_pyerr;

/// Makes a call's result into a Python value or exception, once the GIL is held.
type Outcome = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished call, waiting for the GIL.
struct Delivery {
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    outcome: Outcome,
}

/// Set once the interpreter is exiting: no delivery takes the GIL from then on.
static EXITING: AtomicBool = AtomicBool::new(false);
/// Deliveries that have announced themselves and may be taking, or holding, the GIL. Atomics,
/// not a lock held across `attach`: a fork() while the delivery thread waited for the GIL
/// would leave the child a lock nobody can release.
static IN_DELIVERY: AtomicUsize = AtomicUsize::new(0);

/// Spawns `future` on the shared runtime and returns an `asyncio.Future` for its outcome.
///
/// Cancelling the asyncio future aborts the task (dropping the request if it is still running).
pub(crate) fn spawn<'py, T, F>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    spawn_then(py, future, |py, value| value.into_py_any(py))
}

/// [`spawn`], with the value made into a Python object by `convert` once the GIL is held (for
/// results that need Python objects, such as datetimes or exceptions, to be built).
pub(crate) fn spawn_then<'py, T, F, C>(
    py: Python<'py>,
    future: F,
    convert: C,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
    C: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let event_loop = running_loop(py)?;
    let py_future = event_loop.call_method0("create_future")?;
    let runtime = veeva_vault_auth::shared_runtime().map_err(|e| to_pyerr(py, &e))?;
    let sender = deliveries(py)?;
    let (loop_ref, future_ref) = (event_loop.unbind(), py_future.clone().unbind());
    let future = NoPanic::new(future);
    let task = runtime.spawn(async move {
        let result = future.await;
        let outcome = Box::new(move |py: Python<'_>| match result {
            Ok(value) => convert(py, value),
            Err(e) => Err(to_pyerr(py, &e)),
        });
        // Fails only once delivery has stopped (the interpreter is exiting): nobody is waiting.
        let _ = sender.send(Delivery { event_loop: loop_ref, future: future_ref, outcome });
    });
    py_future.call_method1("add_done_callback", (AbortIfCancelled(task.abort_handle()),))?;
    Ok(py_future)
}

/// An already-completed `asyncio.Future` (for `__aenter__` / `__aexit__`).
pub(crate) fn ready<'py>(py: Python<'py>, value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let future = running_loop(py)?.call_method0("create_future")?;
    future.call_method1("set_result", (value,))?;
    Ok(future)
}

/// `asyncio.get_running_loop()`, the function looked up once.
fn running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET_RUNNING_LOOP.import(py, "asyncio", "get_running_loop")?.call0()
}

/// The sender to this process's delivery thread, started on first use (a forked child starts
/// its own: threads do not survive fork()). The `atexit` hook is registered once.
fn deliveries(py: Python<'_>) -> PyResult<Sender<Delivery>> {
    static SENDER: Mutex<Option<(u32, Sender<Delivery>)>> = Mutex::new(None);
    static HOOKED: OnceLock<()> = OnceLock::new();
    // Before taking the lock: Python code may release the GIL, and another thread holding the
    // GIL could then wait on the lock.
    if HOOKED.get().is_none() {
        let hook = wrap_pyfunction!(stop_deliveries, py)?;
        py.import("atexit")?.call_method1("register", (hook,))?;
        let _ = HOOKED.set(());
    }
    let pid = std::process::id();
    let mut slot = SENDER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, sender)) = &*slot {
        if *owner == pid {
            return Ok(sender.clone());
        }
    }
    if slot.is_some() {
        // A forked child: the parent's delivery thread, and any delivery it had announced,
        // do not exist here.
        IN_DELIVERY.store(0, Ordering::SeqCst);
    }
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("veeva-vault-auth-asyncio".into())
        .spawn(move || deliver_forever(receiver))
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("could not start a thread: {e}")))?;
    // An inherited sender is leaked, not dropped: nothing in this process reads its channel.
    if let Some(inherited) = slot.replace((pid, sender.clone())) {
        std::mem::forget(inherited);
    }
    Ok(sender)
}

fn deliver_forever(receiver: Receiver<Delivery>) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        batch.extend(receiver.try_iter());
        // Announce first, then check: `stop_deliveries` sets the flag, then waits for the count.
        IN_DELIVERY.fetch_add(1, Ordering::SeqCst);
        if EXITING.load(Ordering::SeqCst) {
            IN_DELIVERY.fetch_sub(1, Ordering::SeqCst);
            // Python objects dropped here without the GIL are only queued for a later decref.
            return;
        }
        Python::attach(|py| deliver(py, batch));
        IN_DELIVERY.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Turns outcomes into Python objects and gives each event loop its share in one callback.
fn deliver(py: Python<'_>, batch: Vec<Delivery>) {
    let Ok(set_all) = set_outcomes_fn(py) else { return };
    let mut by_loop: Vec<(Py<PyAny>, Vec<Bound<'_, PyTuple>>)> = Vec::new();
    for Delivery { event_loop, future, outcome } in batch {
        let (ok, value) = match outcome(py) {
            Ok(value) => (true, value),
            Err(err) => (false, err.into_value(py).into_any()),
        };
        let Ok(item) = (future, ok, value).into_pyobject(py) else { continue };
        match by_loop.iter_mut().find(|(l, _)| l.is(&event_loop)) {
            Some((_, items)) => items.push(item),
            None => by_loop.push((event_loop, vec![item])),
        }
    }
    for (event_loop, items) in by_loop {
        let Ok(list) = PyList::new(py, items) else { continue };
        // Raises if the loop is closed: then nobody is waiting for these results.
        let _ = event_loop.call_method1(py, "call_soon_threadsafe", (set_all.bind(py), list));
    }
}

/// Runs on the event loop: settles each `(future, ok, value)` unless it was cancelled meanwhile.
#[pyfunction]
fn set_outcomes(items: &Bound<'_, PyList>) -> PyResult<()> {
    for item in items.iter() {
        let (future, ok, value): (Bound<'_, PyAny>, bool, Bound<'_, PyAny>) = item.extract()?;
        if future.call_method0("done")?.is_truthy()? {
            continue;
        }
        let method = if ok { "set_result" } else { "set_exception" };
        future.call_method1(method, (value,))?;
    }
    Ok(())
}

fn set_outcomes_fn(py: Python<'_>) -> PyResult<&Py<PyCFunction>> {
    static SET_OUTCOMES: PyOnceLock<Py<PyCFunction>> = PyOnceLock::new();
    SET_OUTCOMES.get_or_try_init(py, || Ok(wrap_pyfunction!(set_outcomes, py)?.unbind()))
}

/// `atexit`: stop delivering, after letting (GIL released) a delivery in progress finish.
#[pyfunction]
fn stop_deliveries(py: Python<'_>) {
    EXITING.store(true, Ordering::SeqCst);
    py.detach(|| {
        // Bounded, so an exit can never hang here.
        let deadline = Instant::now() + Duration::from_secs(2);
        while IN_DELIVERY.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// A done-callback: aborts the Rust task when the asyncio future was cancelled.
#[pyclass(frozen)]
struct AbortIfCancelled(AbortHandle);

#[pymethods]
impl AbortIfCancelled {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.0.abort();
        }
        Ok(())
    }
}
