//! Poseidon and status-tree timings (criterion):
//!
//! `cargo bench -p didimo-zk --bench poseidon`
//!
//! `root_of_bitstring` runs on a full-size list (2^20 bits) with about a thousand revoked
//! indices spread at random, the work of a revocation pallet's `try_state` on a busy list.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use didimo_zk::{
	poseidon::{hash, hash2, permute},
	status_tree::{root_of_bitstring, witness_from_bitstring, MAX_BYTES, MAX_CAPACITY},
	Fr,
};

/// Revoked indices in the `root_of_bitstring` list.
const REVOKED: usize = 1000;

/// A 2^20-bit list with `REVOKED` pseudo-random indices set (a fixed xorshift stream, so
/// every run measures the same list).
fn sparse_list() -> Vec<u8> {
	let mut bytes = vec![0u8; MAX_BYTES];
	let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
	for _ in 0..REVOKED {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		let index = (x % u64::from(MAX_CAPACITY)) as usize;
		bytes[index / 8] |= 0x80 >> (index % 8);
	}
	bytes
}

fn poseidon(c: &mut Criterion) {
	let (a, b) = (Fr::from(1u64), Fr::from(2u64));
	c.bench_function("permute", |bench| {
		let mut state = [Fr::from(0u64), a, b];
		bench.iter(|| permute(black_box(&mut state)))
	});
	c.bench_function("hash2", |bench| bench.iter(|| hash2(black_box(&a), black_box(&b))));
	let inputs: Vec<Fr> = (0..8u64).map(Fr::from).collect();
	c.bench_function("hash (8 inputs)", |bench| bench.iter(|| hash(black_box(&inputs))));
}

fn status_tree(c: &mut Criterion) {
	let list = sparse_list();
	let mut group = c.benchmark_group("status_tree");
	group.sample_size(10);
	group.bench_function("root_of_bitstring (2^20 bits, ~1000 set)", |bench| {
		bench.iter(|| root_of_bitstring(black_box(&list)))
	});
	group.bench_function("witness_from_bitstring (2^20 bits, ~1000 set)", |bench| {
		bench.iter(|| witness_from_bitstring(black_box(&list), black_box(12_345)))
	});
	group.bench_function("root_of_bitstring (empty)", |bench| {
		bench.iter(|| root_of_bitstring(black_box(&[])))
	});
	group.finish();
}

criterion_group!(benches, poseidon, status_tree);
criterion_main!(benches);
