//! `vva_revoke_report`: what happened to each id of a revoke (or of a rotation's revoke), and
//! `vva_error_partial_revoke`, which reaches the report a failed revoke still carries.

use std::ffi::{CString, c_char};
use std::ptr;

use vva_core::RevokeReport;

use crate::error::vva_error;
use crate::ffi::{cstring_lossy, guard_value};

/// One id Vault did not revoke, with its row's `errors[]` (type, message).
struct Failure {
    id: CString,
    errors: Vec<(CString, CString)>,
}

/// The outcome of a revoke, per id: every id given is in exactly one of four lists, each in the
/// order the ids were given:
///
/// - **revoked**: these tokens no longer work;
/// - **failed**: Vault refused them (per row, or their whole batch), with Vault's `errors[]`;
///   these tokens are unchanged;
/// - **unknown**: sent, but no readable answer came back; they may or may not be revoked (list
///   or retrieve them to know);
/// - **not sent**: never sent, because an earlier batch failed; unchanged.
///
/// Comes from `vva_revoke_access_tokens` and `vva_rotate_access_token` (free it with
/// `vva_revoke_report_free`), or borrowed from an error by `vva_error_partial_revoke` (never
/// free that one). Every string an accessor returns is NUL-terminated, owned by the report and
/// valid as long as it. Immutable: its accessors may be called from any thread at once.
pub struct vva_revoke_report {
    revoked: Vec<CString>,
    failed: Vec<Failure>,
    unknown: Vec<CString>,
    not_sent: Vec<CString>,
    /// A rotation's `revoke_error`: the error that stopped its revoke.
    error: Option<Box<vva_error>>,
}

impl vva_revoke_report {
    pub(crate) fn new(report: &RevokeReport) -> Self {
        let ids = |ids: &[String]| ids.iter().map(|id| cstring_lossy(id)).collect();
        vva_revoke_report {
            revoked: ids(&report.revoked),
            failed: report
                .failed
                .iter()
                .map(|f| Failure {
                    id: cstring_lossy(&f.id),
                    errors: f.errors.iter().map(|m| (cstring_lossy(&m.kind), cstring_lossy(&m.message))).collect(),
                })
                .collect(),
            unknown: ids(&report.unknown),
            not_sent: ids(&report.not_sent),
            error: None,
        }
    }

    /// A rotation's report, with the error that stopped its revoke.
    pub(crate) fn with_error(mut self, error: Option<&vva_core::Error>) -> Self {
        self.error = error.map(|e| Box::new(vva_error::from_core(e)));
        self
    }
}

/// Borrows a report handle; `None` for NULL.
///
/// # Safety
/// `report` is NULL or a live report.
unsafe fn borrow<'a>(report: *const vva_revoke_report) -> Option<&'a vva_revoke_report> {
    // SAFETY: forwarded contract.
    unsafe { report.as_ref() }
}

/// Length of one of the report's lists; 0 for NULL.
///
/// # Safety
/// `report` is NULL or a live report.
unsafe fn count(report: *const vva_revoke_report, list: impl Fn(&vva_revoke_report) -> usize) -> usize {
    // SAFETY: forwarded contract.
    guard_value(0, || unsafe { borrow(report) }.map_or(0, list))
}

/// An id of one of the report's id lists; NULL for NULL or out of range.
///
/// # Safety
/// `report` is NULL or a live report.
unsafe fn id_at(
    report: *const vva_revoke_report,
    index: usize,
    list: impl Fn(&vva_revoke_report) -> &Vec<CString>,
) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { borrow(report) }.and_then(|r| list(r).get(index)).map_or(ptr::null(), |id| id.as_ptr())
    })
}

/// How many ids were revoked; 0 if `report` is NULL. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_revoked_count(report: *const vva_revoke_report) -> usize {
    // SAFETY: forwarded contract.
    unsafe { count(report, |r| r.revoked.len()) }
}

/// The revoked id at `index`, or NULL if out of range or `report` is NULL.
///
/// Owned by `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_revoked_at(report: *const vva_revoke_report, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { id_at(report, index, |r| &r.revoked) }
}

/// How many ids Vault refused; 0 if `report` is NULL. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_failed_count(report: *const vva_revoke_report) -> usize {
    // SAFETY: forwarded contract.
    unsafe { count(report, |r| r.failed.len()) }
}

/// The refused id at `index`, or NULL if out of range or `report` is NULL.
///
/// Owned by `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_failed_id_at(report: *const vva_revoke_report, index: usize) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { borrow(report) }.and_then(|r| r.failed.get(index)).map_or(ptr::null(), |f| f.id.as_ptr())
    })
}

/// How many Vault errors explain the refusal of failed id `index` (its row's `errors[]`, or its
/// batch's); 0 if out of range or `report` is NULL. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_failed_error_count(report: *const vva_revoke_report, index: usize) -> usize {
    guard_value(0, || {
        // SAFETY: forwarded contract.
        unsafe { borrow(report) }.and_then(|r| r.failed.get(index)).map_or(0, |f| f.errors.len())
    })
}

/// The `type` of error `error_index` of failed id `index`, verbatim (e.g. `"INVALID_DATA"`,
/// `"INSUFFICIENT_ACCESS"`); NULL if either index is out of range or `report` is NULL.
///
/// Owned by `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_failed_error_type_at(
    report: *const vva_revoke_report,
    index: usize,
    error_index: usize,
) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        let entry = unsafe { borrow(report) }.and_then(|r| r.failed.get(index)).and_then(|f| f.errors.get(error_index));
        entry.map_or(ptr::null(), |(kind, _)| kind.as_ptr())
    })
}

/// The `message` of error `error_index` of failed id `index` (secrets Vault echoed are
/// masked; never branch on it); NULL if either index is out of range or `report` is NULL.
///
/// Owned by `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_failed_error_message_at(
    report: *const vva_revoke_report,
    index: usize,
    error_index: usize,
) -> *const c_char {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        let entry = unsafe { borrow(report) }.and_then(|r| r.failed.get(index)).and_then(|f| f.errors.get(error_index));
        entry.map_or(ptr::null(), |(_, message)| message.as_ptr())
    })
}

/// How many ids have an unknown outcome (sent, no readable answer); 0 if `report` is NULL.
/// Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_unknown_count(report: *const vva_revoke_report) -> usize {
    // SAFETY: forwarded contract.
    unsafe { count(report, |r| r.unknown.len()) }
}

/// The id at `index` of those with an unknown outcome, or NULL if out of range or `report` is
/// NULL. Owned by `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_unknown_at(report: *const vva_revoke_report, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { id_at(report, index, |r| &r.unknown) }
}

/// How many ids were never sent (an earlier batch failed); 0 if `report` is NULL. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_not_sent_count(report: *const vva_revoke_report) -> usize {
    // SAFETY: forwarded contract.
    unsafe { count(report, |r| r.not_sent.len()) }
}

/// The never-sent id at `index`, or NULL if out of range or `report` is NULL. Owned by
/// `report`, valid as long as it. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_not_sent_at(report: *const vva_revoke_report, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { id_at(report, index, |r| &r.not_sent) }
}

/// `true` when every id was revoked (no failed, unknown or never-sent id, and for a rotation no
/// `vva_revoke_report_error`); `false` otherwise or if `report` is NULL. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_is_complete(report: *const vva_revoke_report) -> bool {
    guard_value(false, || {
        // SAFETY: forwarded contract.
        unsafe { borrow(report) }.is_some_and(|r| {
            r.failed.is_empty() && r.unknown.is_empty() && r.not_sent.is_empty() && r.error.is_none()
        })
    })
}

/// For the report of a `vva_rotate_access_token` that created its token: the error that stopped
/// the revoke of the old ids (for example a dropped connection: the ids it left unaccounted for
/// are in the unknown or not-sent lists), or NULL when the revoke ran to the end (rows Vault
/// refused are in the failed list, not an error). Always NULL for the report of
/// `vva_revoke_access_tokens` (its errors come through `err_out`), for a report borrowed with
/// `vva_error_partial_revoke`, and if `report` is NULL.
///
/// Borrowed: owned by `report` and valid until `vva_revoke_report_free(report)`; read it with
/// the `vva_error_*` accessors but never pass it to `vva_error_free`. Thread-safe.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_error(report: *const vva_revoke_report) -> *const vva_error {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { borrow(report) }.and_then(|r| r.error.as_deref()).map_or(ptr::null(), ptr::from_ref)
    })
}

/// Frees a report from `vva_revoke_access_tokens` or `vva_rotate_access_token`, with every
/// string it returned and its `vva_revoke_report_error`. NULL is accepted and ignored.
///
/// # Safety
/// `report` is NULL or a report from those functions, freed at most once and not in use by
/// another thread. Never a report from `vva_error_partial_revoke` (it is freed with its error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_revoke_report_free(report: *mut vva_revoke_report) {
    guard_value((), || {
        if !report.is_null() {
            // SAFETY: from Box::into_raw in this library, freed once.
            drop(unsafe { Box::from_raw(report) });
        }
    });
}

/// For the error of a `vva_revoke_access_tokens` that failed after its ids were checked (a batch
/// refused as a whole, a dropped connection, a later batch that failed after earlier ones
/// revoked their ids): the report of what happened to every id so far, so nothing already
/// revoked goes unreported. NULL when the error carries no report (a bad argument, nothing
/// sent; any other call's error) or `err` is NULL.
///
/// Borrowed: owned by `err` and valid until `vva_error_free(err)`; never pass it to
/// `vva_revoke_report_free`. Thread-safe.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn vva_error_partial_revoke(err: *const vva_error) -> *const vva_revoke_report {
    guard_value(ptr::null(), || {
        // SAFETY: forwarded contract.
        unsafe { err.as_ref() }.and_then(vva_error::partial_revoke).map_or(ptr::null(), ptr::from_ref)
    })
}
