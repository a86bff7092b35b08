//! Work split over the machine's cores, for the few places that handle a
//! whole mesh at once (parsing thousands of canvas files, checking them).
//!
//! Scoped threads over contiguous chunks: results come back in input order,
//! no work is shared between threads, and small inputs stay on the calling
//! thread, where spawning would cost more than it saves.

/// The largest number of threads used.
const MAX_THREADS: usize = 8;

/// Below this many items everything runs on the calling thread.
const PARALLEL_FROM: usize = 64;

/// `f` applied to every item, on several threads for large inputs; each
/// thread gets its own scratch state from `init`. Results are in the order
/// of `items`. A panic in `f` is re-raised on the calling thread.
pub fn map_with<T, S, R>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(MAX_THREADS);
    if threads <= 1 || items.len() < PARALLEL_FROM {
        let mut scratch = init();
        return items.iter().map(|x| f(&mut scratch, x)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let (init, f) = (&init, &f);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut scratch = init();
                    part.iter().map(|x| f(&mut scratch, x)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// `f` applied to every item, on several threads for large inputs.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, || (), |(), x| f(x))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_input_at_every_size() {
        for n in [0, 1, 63, 64, 65, 1000, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let out = super::map(&items, |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn each_thread_has_its_own_scratch() {
        let items: Vec<u32> = (0..500).collect();
        // Scratch counts the items its thread has seen so far. With one
        // scratch per thread over contiguous chunks, the counts run 1, 2, 3...
        // and restart at 1 where a chunk starts; a shared scratch would
        // interleave or never restart.
        let seen = super::map_with(
            &items,
            || 0u32,
            |count, _| {
                *count += 1;
                *count
            },
        );
        assert_eq!(seen.len(), 500);
        assert_eq!(seen[0], 1);
        for w in seen.windows(2) {
            assert!(w[1] == w[0] + 1 || w[1] == 1, "{seen:?}");
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(super::MAX_THREADS);
        let runs = seen.iter().filter(|&&c| c == 1).count();
        assert_eq!(runs, threads, "{seen:?}");
    }
}
