//! The test binary's allocator: the system's, counting what a watched thread holds.
//!
//! It wraps every allocation of every test, so it costs one thread-local read on a
//! thread nobody watches: no lock, no shared counter. A thread that calls [`watch`]
//! counts the bytes it allocates and frees, and its peak; an allocation that would
//! take it past its bound is not made: the thread records the request and stops
//! there for good (an allocator must not unwind, and a failed allocation aborts the
//! whole test binary), so that the thread waiting on it reports the input instead.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Counting;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

thread_local! {
    /// The most this thread may hold at once; 0 when it is not watched.
    static BOUND: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated and not yet freed since `watch` (below zero when the thread
    /// frees what it was handed).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// Where to say how much a refused allocation would have brought the thread to
    /// (an `Arc<AtomicUsize>` given to `watch`).
    static OVER: Cell<*const AtomicUsize> = const { Cell::new(std::ptr::null()) };
}

/// Counts `size` more bytes on this thread; false when a watched thread would
/// pass its bound (then the refused total is recorded).
fn grow(size: usize) -> bool {
    let bound = BOUND.with(Cell::get);
    if bound == 0 {
        return true;
    }
    let live = LIVE.with(Cell::get).saturating_add(size as isize);
    if live > bound as isize {
        let over = OVER.with(Cell::get);
        if !over.is_null() {
            // SAFETY: `watch` keeps the Arc alive until `unwatch`, and for good on a
            // thread stopped here.
            unsafe { &*over }.store(live as usize, Ordering::SeqCst);
        }
        return false;
    }
    LIVE.with(|l| l.set(live));
    PEAK.with(|p| p.set(p.get().max(live)));
    true
}

fn shrink(size: usize) {
    if BOUND.with(Cell::get) != 0 {
        LIVE.with(|l| l.set(l.get().saturating_sub(size as isize)));
    }
}

/// A watched thread whose next allocation would pass its bound stops here.
fn stop() -> ! {
    loop {
        std::thread::sleep(Duration::from_secs(3600)); // allocates nothing
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            stop();
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !grow(layout.size()) {
            stop();
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !grow(new_size - layout.size()) {
            stop();
        }
        let moved = System.realloc(ptr, layout, new_size);
        if new_size < layout.size() && !moved.is_null() {
            shrink(layout.size() - new_size);
        }
        moved
    }
}

/// Counts this thread's allocations from now on, from zero, and bounds them: an
/// allocation that would take the thread past `bound` bytes stores the total it
/// would have reached in `over` and never returns.
pub fn watch(bound: usize, over: Arc<AtomicUsize>) {
    assert!(bound > 0);
    OVER.with(|o| o.set(Arc::into_raw(over)));
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    BOUND.with(|b| b.set(bound));
}

/// Stops watching this thread; returns the most it held at once since `watch`.
pub fn unwatch() -> usize {
    BOUND.with(|b| b.set(0));
    let over = OVER.with(|o| o.replace(std::ptr::null()));
    if !over.is_null() {
        // SAFETY: from Arc::into_raw in `watch`, released once.
        drop(unsafe { Arc::from_raw(over) });
    }
    PEAK.with(Cell::get).max(0) as usize
}
