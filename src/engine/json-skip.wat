;; Stepping over one JSON value, checking its grammar as JSON.parse would: the WebAssembly twin of skipValue in
;; event-fields.ts, for the large values APISnoop never reads (request and response bodies). Its strings are scanned
;; 16 bytes at a time (SIMD compares), which is where a body's bytes are. scripts/make-wasm.ts compiles this file into
;; json-skip-wasm.ts; a test checks the two agree.
;;
;; Memory: 0..255 the class of a byte inside a string (0 ordinary, 1 quote, 2 backslash, 3 control: not allowed raw),
;; 256..511 the escapes allowed after a backslash, 512..767 hex digits, 1024..5119 the container stack (1 object,
;; 0 array), and from `stage` (65536) the bytes to scan, which the caller copies there with 16 bytes to spare: the
;; vector loads may read past the end (what they find there is never taken).
(module
  (memory (export "memory") 2)
  (global (export "stage") i32 (i32.const 65536))
  (start $init)

  (func $init
    (local $c i32)
    (local.set $c (i32.const 0))
    (loop $l
      (i32.store8 (local.get $c) (i32.const 3))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $c) (i32.const 32))))
    (i32.store8 (i32.const 0x22) (i32.const 1))
    (i32.store8 (i32.const 0x5c) (i32.const 2))
    ;; simple escapes: " \ / b f n r t
    (i32.store8 (i32.const 290) (i32.const 1)) ;; 256+0x22
    (i32.store8 (i32.const 348) (i32.const 1)) ;; 256+0x5c
    (i32.store8 (i32.const 303) (i32.const 1)) ;; 256+0x2f
    (i32.store8 (i32.const 354) (i32.const 1)) ;; 256+0x62 b
    (i32.store8 (i32.const 358) (i32.const 1)) ;; f 0x66
    (i32.store8 (i32.const 366) (i32.const 1)) ;; n 0x6e
    (i32.store8 (i32.const 370) (i32.const 1)) ;; r 0x72
    (i32.store8 (i32.const 372) (i32.const 1)) ;; t 0x74
    (local.set $c (i32.const 0x30))
    (loop $h
      (i32.store8 (i32.add (i32.const 512) (local.get $c)) (i32.const 1))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $h (i32.le_u (local.get $c) (i32.const 0x39))))
    (local.set $c (i32.const 0x41))
    (loop $h2
      (i32.store8 (i32.add (i32.const 512) (local.get $c)) (i32.const 1))
      (i32.store8 (i32.add (i32.const 544) (local.get $c)) (i32.const 1))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $h2 (i32.le_u (local.get $c) (i32.const 0x46)))))

  (func $ws (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x0a)))
                                       (i32.or (i32.eq (local.get $c) (i32.const 0x09)) (i32.eq (local.get $c) (i32.const 0x0d))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i))

  ;; b[i] is the opening quote: the index after the closing quote, or -1.
  (func $str (param $i i32) (param $end i32) (result i32)
    (local $cls i32) (local $e i32) (local $v v128) (local $m i32)
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (loop $next
      ;; 16 bytes at a time: the first quote, backslash or control byte among them, if any; past end, none is taken.
      (local.set $v (v128.load (local.get $i)))
      (local.set $m (i8x16.bitmask (v128.or (v128.or
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
        (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
        (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
      (if (i32.eqz (local.get $m))
        (then (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
          (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $m))))
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $cls (i32.load8_u (i32.load8_u (local.get $i))))
      (if (i32.eq (local.get $cls) (i32.const 1)) (then (return (i32.add (local.get $i) (i32.const 1)))))
      (if (i32.eq (local.get $cls) (i32.const 3)) (then (return (i32.const -1))))
      (if (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)) (then (return (i32.const -1))))
      (local.set $e (i32.load8_u offset=1 (local.get $i)))
      (if (i32.load8_u offset=256 (local.get $e))
        (then (local.set $i (i32.add (local.get $i) (i32.const 2))) (br $next)))
      (if (i32.ne (local.get $e) (i32.const 0x75)) (then (return (i32.const -1))))
      (if (i32.ge_u (i32.add (local.get $i) (i32.const 5)) (local.get $end)) (then (return (i32.const -1))))
      (if (i32.eqz (i32.and
            (i32.and (i32.load8_u offset=512 (i32.load8_u offset=2 (local.get $i))) (i32.load8_u offset=512 (i32.load8_u offset=3 (local.get $i))))
            (i32.and (i32.load8_u offset=512 (i32.load8_u offset=4 (local.get $i))) (i32.load8_u offset=512 (i32.load8_u offset=5 (local.get $i))))))
        (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (i32.const 6)))
      (br $next))
    (i32.const -1))

  (func $digit (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))

  (func $num (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 0x2d))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
        (local.set $c (i32.load8_u (local.get $i)))))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (else
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x31)) (i32.const 9))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (block $d (loop $l
              (br_if $d (i32.ge_u (local.get $i) (local.get $end)))
              (br_if $d (i32.eqz (call $digit (i32.load8_u (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l))))
          (else (return (i32.const -1))))))
    (if (i32.and (i32.lt_u (local.get $i) (local.get $end)) (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x2e)))
      (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.eqz (call $digit (i32.load8_u (local.get $i))))) (then (return (i32.const -1))))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $i) (local.get $end)))
          (br_if $d2 (i32.eqz (call $digit (i32.load8_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l2)))))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (local.set $c (i32.or (i32.load8_u (local.get $i)) (i32.const 0x20)))
        (if (i32.eq (local.get $c) (i32.const 0x65))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (if (i32.lt_u (local.get $i) (local.get $end))
              (then
                (local.set $c (i32.load8_u (local.get $i)))
                (if (i32.or (i32.eq (local.get $c) (i32.const 0x2b)) (i32.eq (local.get $c) (i32.const 0x2d)))
                  (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
            (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.eqz (call $digit (i32.load8_u (local.get $i))))) (then (return (i32.const -1))))
            (block $d3 (loop $l3
              (br_if $d3 (i32.ge_u (local.get $i) (local.get $end)))
              (br_if $d3 (i32.eqz (call $digit (i32.load8_u (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l3)))))))
    (local.get $i))

  ;; true / false / null
  (func $lit (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 0x74)) ;; true: 74 72 75 65
      (then (return (select (i32.add (local.get $i) (i32.const 4)) (i32.const -1)
        (i32.and (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $end)) (i32.eq (i32.load (local.get $i)) (i32.const 0x65757274)))))))
    (if (i32.eq (local.get $c) (i32.const 0x6e)) ;; null: 6e 75 6c 6c
      (then (return (select (i32.add (local.get $i) (i32.const 4)) (i32.const -1)
        (i32.and (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $end)) (i32.eq (i32.load (local.get $i)) (i32.const 0x6c6c756e)))))))
    (if (i32.eq (local.get $c) (i32.const 0x66)) ;; false: 66 61 6c 73 65
      (then (return (select (i32.add (local.get $i) (i32.const 5)) (i32.const -1)
        (i32.and (i32.lt_u (i32.add (local.get $i) (i32.const 4)) (local.get $end))
          (i32.eq (i32.load offset=1 (local.get $i)) (i32.const 0x65736c61)))))))
    (i32.const -1))

  (func $scalar (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 0x22)) (then (return (call $str (local.get $i) (local.get $end)))))
    (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (call $digit (local.get $c))) (then (return (call $num (local.get $i) (local.get $end)))))
    (call $lit (local.get $i) (local.get $end)))

  ;; One JSON value at i (not whitespace), before end: the index after it, -1 if it is not valid JSON, -2 if it nests
  ;; deeper than this stack (the caller then steps over it in JS, whose stack grows).
  (func $skip (export "skip") (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $depth i32) (local $obj i32) (local $closer i32)
    (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x7b)) (i32.ne (local.get $c) (i32.const 0x5b)))
      (then (return (call $scalar (local.get $i) (local.get $end)))))
    (local.set $obj (i32.eq (local.get $c) (i32.const 0x7b)))
    (i32.store8 offset=1024 (i32.const 0) (local.get $obj))
    (local.set $closer (select (i32.const 0x7d) (i32.const 0x5d) (local.get $obj)))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
    (if (i32.and (i32.lt_u (local.get $i) (local.get $end)) (i32.eq (i32.load8_u (local.get $i)) (local.get $closer)))
      (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $member
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (if (local.get $obj)
        (then
          (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x22)) (then (return (i32.const -1))))
          (local.set $i (call $str (local.get $i) (local.get $end)))
          (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
          (local.set $i (call $ws (local.get $i) (local.get $end)))
          (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x3a))) (then (return (i32.const -1))))
          (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
          (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))))
      (local.set $c (i32.load8_u (local.get $i)))
      (block $valueDone
        (if (i32.eq (local.get $c) (i32.const 0x22))
          (then
            (local.set $i (call $str (local.get $i) (local.get $end)))
            (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
            (br $valueDone)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x7b)) (i32.eq (local.get $c) (i32.const 0x5b)))
          (then
            (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
            (if (i32.ge_u (local.get $depth) (i32.const 4096)) (then (return (i32.const -2))))
            (local.set $obj (i32.eq (local.get $c) (i32.const 0x7b)))
            (i32.store8 offset=1024 (local.get $depth) (local.get $obj))
            (local.set $closer (select (i32.const 0x7d) (i32.const 0x5d) (local.get $obj)))
            (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            (br_if $member (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.ne (i32.load8_u (local.get $i)) (local.get $closer))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
            (local.set $obj (i32.load8_u offset=1024 (local.get $depth)))
            (local.set $closer (select (i32.const 0x7d) (i32.const 0x5d) (local.get $obj)))
            (br $valueDone)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (call $digit (local.get $c)))
          (then (local.set $i (call $num (local.get $i) (local.get $end))))
          (else (local.set $i (call $lit (local.get $i) (local.get $end)))))
        (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1)))))
      ;; after a value
      (loop $after
        (local.set $i (call $ws (local.get $i) (local.get $end)))
        (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 0x2c))
          (then
            (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            (br $member)))
        (if (i32.ne (local.get $c) (local.get $closer)) (then (return (i32.const -1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eqz (local.get $depth)) (then (return (local.get $i))))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (local.set $obj (i32.load8_u offset=1024 (local.get $depth)))
        (local.set $closer (select (i32.const 0x7d) (i32.const 0x5d) (local.get $obj)))
        (br $after)))
    (i32.const -1))
)
